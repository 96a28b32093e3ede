"""Fixtures for the staff side's tests; helpers are in staff_pages.py."""

from staff_pages import office

__all__ = ["office"]
