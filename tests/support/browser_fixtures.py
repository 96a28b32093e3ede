"""Fixtures for every browser test: one headless Chromium and one browser context.

Starting Chromium takes about a second and a context a few milliseconds, while a page
is nearly free: so the whole session shares one browser, tests that need nothing
special share one context, and each test opens its own pages. A test that needs other
settings (JavaScript off, a narrow screen) opens its own context on `chromium`.

The helpers (axe, the HTML checker, the static server) are in browser_tools.py; the
suite loads this module as a pytest plugin (see tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support.browser_tools import CHROMIUM, CHROMIUM_ARGS, chromium_available, require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

BROWSER_TESTS = Path(__file__).resolve().parents[1] / "browser"
# Playwright's waits (5 s for expect, 30 s for actions) are there to end a hang; on a
# loaded machine a page may take longer than that, which is not a fault of the page.
PATIENCE_MS = 120_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser/ needs the browser: mark it, so `-m "not browser"` works
    even for a test whose module forgot its `pytestmark`."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, for the whole session (Playwright's sync API)."""
    require(chromium_available(), f"Chromium ({CHROMIUM}, Debian package chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=PATIENCE_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        browser.new_context = _patient(browser.new_context)
        yield browser
        browser.close()


def _patient(new_context: Callable[..., BrowserContext]) -> Callable[..., BrowserContext]:
    """`Browser.new_context` whose pages wait PATIENCE_MS before giving up."""

    def make(**options: Any) -> BrowserContext:
        context = new_context(**options)
        context.set_default_timeout(PATIENCE_MS)
        return context

    return make


@pytest.fixture(scope="session")
def browser_context(chromium: Browser) -> Iterator[BrowserContext]:
    """One Swedish-speaking context for the session; tests open (and close) their pages."""
    context = chromium.new_context(locale="sv-SE")
    yield context
    context.close()
