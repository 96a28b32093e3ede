"""The test kit itself: the page-checking client fails on the pages it must refuse, a
POST expects a redirect unless told otherwise, the golden-site test shows a unified
diff, and nothing edits Python's import path to reach the helpers."""

from __future__ import annotations

import ast
import shutil
import tomllib
from pathlib import Path

import pytest
from flask import Flask, redirect

from tests.support.golden_site import GOLDEN_SITE, changes
from tests.support.page_tree import HTMLParseError
from tests.support.pages import PageClient, StaffClient

TESTS = Path(__file__).resolve().parent
GOOD = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1 id="rubrik">Rubrik</h1>{body}</body></html>"""
FORM = '<form method="post" action="/skicka/" novalidate><input name="csrf_token" value="t"></form>'
PAGES = {
    "/bra/": GOOD.format(title="Bra sida", body=FORM),
    "/dubbel/": GOOD.format(title="Dubbel", body='<p id="rubrik">Två gånger</p>'),
    "/utan-titel/": GOOD.replace("<title>{title}</title>", "").format(body=""),
    "/tom-titel/": GOOD.format(title="  ", body=""),
    "/utan-action/": GOOD.format(title="Formulär", body='<form method="post" novalidate></form>'),
    "/trasig/": GOOD.format(title="Trasig", body="<p>Stängd två gånger</p></span>"),
    "/utan-doctype/": GOOD.removeprefix("<!doctype html>").format(title="Gammal", body=""),
}


@pytest.fixture
def bad_pages_app() -> Flask:
    """A tiny app that serves each page of PAGES as it is."""
    app = Flask(__name__)
    for url, html in PAGES.items():
        app.add_url_rule(url, url, lambda html=html: html)
    app.add_url_rule("/skicka/", "skicka", lambda: redirect("/bra/"), methods=["POST"])
    app.add_url_rule("/stannar/", "stannar", lambda: PAGES["/bra/"], methods=["POST"])

    @app.after_request
    def private(response):
        response.headers["Cache-Control"] = "no-store"
        return response

    return app


@pytest.mark.parametrize("client_class", [PageClient, StaffClient])
def test_a_good_page_passes_and_reads_well(bad_pages_app, client_class):
    page = client_class(bad_pages_app.test_client()).get("/bra/")
    assert page.title == "Bra sida"
    assert page.headings == ["Rubrik"]
    assert page.action == "/skicka/" and page.csrf == "t" and page.field_value("csrf_token") == "t"


@pytest.mark.parametrize("client_class", [PageClient, StaffClient])
@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("/dubbel/", "duplicate ids: {'rubrik'}"),
        ("/utan-titel/", "every page needs a non-empty <title>"),
        ("/tom-titel/", "every page needs a non-empty <title>"),
        ("/utan-action/", "a form without an action"),
    ],
)
def test_the_client_fails_on_a_page_a_browser_would_struggle_with(
    bad_pages_app, client_class, url, complaint
):
    with pytest.raises(AssertionError, match=complaint.replace("{", r"\{").replace("}", r"\}")):
        client_class(bad_pages_app.test_client()).get(url)


@pytest.mark.parametrize("client_class", [PageClient, StaffClient])
@pytest.mark.parametrize(
    ("url", "error"), [("/trasig/", "unexpected-end-tag"), ("/utan-doctype/", "doctype")]
)
def test_the_client_fails_on_html_parse_errors_with_where_they_are(
    bad_pages_app, client_class, url, error
):
    with pytest.raises(HTMLParseError, match=rf"line \d+, column \d+: .*{error}"):
        client_class(bad_pages_app.test_client()).get(url)


def test_a_post_expects_a_redirect_unless_told_otherwise(bad_pages_app):
    citizen = PageClient(bad_pages_app.test_client())
    assert citizen.follow(citizen.post("/skicka/")).title == "Bra sida"
    with pytest.raises(AssertionError):
        citizen.post("/stannar/")
    assert citizen.post("/stannar/", status=200).title == "Bra sida"


def test_the_golden_site_test_shows_a_unified_diff_of_what_changed(tmp_path):
    built = tmp_path / "site"
    shutil.copytree(GOLDEN_SITE, built)
    page = built / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</title>", " ändrad</title>", 1))
    (built / "favicon.ico").write_bytes(b"\x00\xff")
    diff = changes(["index.html", "favicon.ico"], built)
    assert "--- golden/index.html\n+++ built/index.html\n@@ " in diff
    assert "\n+" in diff and " ändrad</title>" in diff
    assert "Binary file favicon.ico differs" in diff


def test_the_helpers_are_reached_without_editing_the_import_path():
    """A package and a pytest plugin, not `pythonpath` or `sys.path` edits."""
    pyproject = tomllib.loads((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert "pythonpath" not in pyproject["tool"]["pytest"]["ini_options"]
    for path in TESTS.rglob("*.py"):
        if "golden" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "path":
                assert getattr(node.value, "id", None) != "sys", f"{path} edits sys.path"


def test_each_fixture_name_means_one_thing():
    """No two fixtures anywhere in the suite share a name."""
    seen: dict[str, Path] = {}
    for path in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                "fixture" in ast.unparse(decorator) for decorator in node.decorator_list
            ):
                assert node.name not in seen, f"{node.name}: {seen.get(node.name)} and {path}"
                seen[node.name] = path
