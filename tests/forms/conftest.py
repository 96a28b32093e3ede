"""Fixtures for the form service's tests; helpers are in form_pages.py."""

from form_pages import app, keys, pages, stored

__all__ = ["app", "keys", "pages", "stored"]
