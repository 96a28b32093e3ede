"""The one page-checking client, for the public service and the staff side alike.

It wraps Flask's test client. Every page it fetches must come with the expected status
(a POST, by default, a redirect), and every HTML page must be what a person's browser
needs: no HTML parse errors (html5lib, by the HTML standard's rules), no duplicate
ids, a non-empty <title>, and no <form> without an action. `Page` then offers what a
test reads: the element tree, fields, the CSRF token, error-summary links, headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from tests.support.page_tree import Element, parse

PASSWORD = "korrekt häst batteri"  # every test user's


@dataclass
class Page:
    """A fetched page, parsed: what a test (and a person) would look at."""

    status: int
    text: str
    location: str | None = None
    tree: Element = field(default_factory=lambda: Element("#document", {}))

    @property
    def title(self) -> str:
        titles = self.tree.find_all("title")
        return (
            "".join(child for child in titles[0].children if isinstance(child, str))
            if titles
            else ""
        )

    @property
    def ids(self) -> list[str]:
        return [element["id"] for element in self.tree.elements() if "id" in element.attrs]

    @property
    def forms(self) -> list[dict[str, str]]:
        """Each form's attributes, in page order."""
        return [form.attrs for form in self.tree.find_all("form")]

    @property
    def action(self) -> str:
        return self.forms[0]["action"]

    @property
    def csrf(self) -> str:
        return self.field_value("csrf_token") or ""

    def field_value(self, name: str) -> str | None:
        """The value of the first field with this name that has one."""
        for element in self.tree.find_all(name=name):
            if "value" in element.attrs:
                return element["value"]
        return None

    @property
    def error_links(self) -> list[str]:
        """Where the links in the page's error summaries point."""
        return [
            link["href"]
            for summary in self.tree.elements()
            if summary.get("class") == "error-summary"
            for link in summary.find_all("a")
        ]

    @property
    def headings(self) -> list[str]:
        """The text of every h1–h6, in page order."""
        return [
            element.text()
            for element in self.tree.elements()
            if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
        ]


def checked_page(status: int, body: str, location: str | None, *, html: bool) -> Page:
    """The page, parsed and checked if it is HTML (see the module's docstring)."""
    page = Page(status, body, location)
    if not html:
        return page
    page.tree = parse(body)
    assert page.title.strip(), "every page needs a non-empty <title>"
    ids = page.ids
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in page.forms:
        assert form.get("action"), f"a form without an action: {form}"
    return page


def error_summary_links(html: str) -> list[str] | None:
    """The links in the page's error summary (the focused one, not the components page's
    example), unescaped; None when the page has no summary."""
    match = re.search(r'<div class="error-summary" role="alert".*?</div>', html, re.S)
    if match is None:
        return None
    summary = match.group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary, "the summary takes focus"
    assert '<h2 id="felsammanfattning">' in summary, "the summary has its heading"
    return [unescape(href) for href in re.findall(r'<a href="([^"]*)"', summary)]


class PageClient:
    """A citizen's browser in miniature: Flask's test client, every response checked.

    The public service's forms must also post, and leave checking to the server
    (`novalidate`), so that every person gets the same Swedish error messages."""

    forms_post_without_browser_checks = True

    def __init__(self, client: Any) -> None:
        self.client = client

    def get(self, url: str, status: int = 200, **kwargs: Any) -> Page:
        return self._checked(self.client.get(url, **kwargs), status)

    def post(self, url: str, data: dict | None = None, status: int = 302) -> Page:
        return self._checked(self.client.post(url, data=data or {}), status)

    def follow(self, page: Page) -> Page:
        assert page.location, "expected a redirect"
        return self.get(page.location)

    def _checked(self, response: Any, status: int) -> Page:
        response.close()  # as a WSGI server does: runs what waits until after the response
        body = response.get_data(as_text=True)
        assert response.status_code == status, body[:2000]
        page = checked_page(
            response.status_code,
            body,
            response.headers.get("Location"),
            html=response.mimetype == "text/html",
        )
        if self.forms_post_without_browser_checks:
            for form in page.forms:
                assert form.get("method") == "post", form
                assert "novalidate" in form, form
        return page


class StaffClient(PageClient):
    """A case officer's browser: logs in, sends the last page's CSRF token with each
    POST, and checks that no staff page may be stored by the browser."""

    forms_post_without_browser_checks = False

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self.token = ""

    def login(self, username: str, password: str = PASSWORD, status: int = 302) -> Page:
        page = self.get("/logga-in/")
        data = {"csrf_token": page.csrf, "anvandarnamn": username, "losenord": password}
        return self.post("/logga-in/", data, status=status)

    def post(self, url: str, data: dict | None = None, status: int = 302) -> Page:
        return super().post(url, {"csrf_token": self.token, **(data or {})}, status)

    def _checked(self, response: Any, status: int) -> Page:
        page = super()._checked(response, status)
        if response.mimetype == "text/html":
            assert response.headers["Cache-Control"] == "no-store"
            self.token = page.csrf or self.token
        return page
