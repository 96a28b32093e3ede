"""Mounted under the site's e-service prefix (as `make run` and the web server do), every
link, redirect and form action the service makes carries the prefix."""

from __future__ import annotations

from tests.support.pages import Page, PageClient

PREFIX = "/e-tjanst"


class MountedClient(PageClient):
    """The page-checking client, as if a web server passed SCRIPT_NAME=/e-tjanst."""

    def _open(self, method: str, url: str, **kwargs):
        assert url.startswith(f"{PREFIX}/"), url
        path = url.removeprefix(PREFIX)
        return self.client.open(
            path, method=method, base_url=f"http://localhost{PREFIX}/", **kwargs
        )

    def get(self, url: str, status: int = 200) -> Page:
        return self._checked(self._open("GET", url), status)

    def post(self, url: str, data: dict, status: int = 302) -> Page:
        return self._checked(self._open("POST", url, data=data), status)


def test_redirects_actions_and_assets_carry_the_prefix(app):
    pages = MountedClient(app.test_client())
    start = pages.get(f"{PREFIX}/intresseanmalan/kontaktperson/", status=302)
    assert start.location.startswith(f"{PREFIX}/intresseanmalan/kontaktperson/steg/")
    page = pages.get(start.location)
    assert page.action.startswith(f"{PREFIX}/intresseanmalan/kontaktperson/steg/")
    assert f'href="{PREFIX}/static/site.css"' in page.text
    after = pages.post(page.action, {"csrf_token": page.csrf, "uppdrag": ["vuxna-och-aldre"]})
    assert after.location.startswith(f"{PREFIX}/")
