"""The test suite: a package, so its helpers import as `tests.support.…` with no
change to Python's import path."""
