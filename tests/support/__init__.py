"""Helpers shared by every test folder, and the pytest plugin (`plugin.py`) with the
suite's fixtures. Imported as `tests.support.<module>`; nothing edits the import path."""
