"""Fixtures for the browser tests; the tools themselves are in browser_tools.py."""

from browser_tools import browser_context, chromium

__all__ = ["browser_context", "chromium"]
