"""The builder's output for the fixture content, byte for byte (see
tests/support/golden_site.py); a difference is shown as a unified diff."""

from __future__ import annotations

import filecmp
import gzip
import warnings
from pathlib import Path

import pytest
from flask_frozen import MissingURLGeneratorWarning

from site_builder import create_app
from site_builder.build import STATIC_DIR, check_content
from site_builder.freezer import site_urls, warn_about_forgotten_urls
from site_builder.precompress import TEXT_SUFFIXES
from tests.support.golden_site import FIXTURE_CONTENT, GOLDEN_SITE, build_fixture_site, changes

EXPECTED_FILES = {
    "404.html",
    "ar/index.html",
    "ar/sok/index.html",
    "en/index.html",
    "en/sok/index.html",
    "en/kontaktperson/index.html",
    "lattlast/index.html",
    "lattlast/kontaktperson/index.html",
    "favicon.ico",
    "index.html",
    "kontakt/index.html",
    "kontaktperson/index.html",
    "kontaktperson/ersattning/index.html",
    "om-webbplatsen/index.html",
    "robots.txt",
    "sitemap.xml",
    "sok/index.html",
    "static/eu-emblem.svg",
    "static/favicon.ico",
    "static/favicon.svg",
    "static/fonts/arabic.css",
    "static/fonts/ethiopic.css",
    "static/fonts/noto-sans-arabic-OFL.txt",
    "static/fonts/noto-sans-arabic-arabic-400-normal.woff2",
    "static/fonts/noto-sans-ethiopic-OFL.txt",
    "static/fonts/noto-sans-ethiopic-ethiopic-400-normal.woff2",
    "static/search.js",
    "static/site.css",
    "ti/index.html",
    "ti/sok/index.html",
}


def files_in(folder: Path) -> set[str]:
    """The built files, without the gzip copies (derived; checked on their own below)."""
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".gz"
    }


@pytest.fixture(scope="module")
def golden_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "site"
    build_fixture_site(out)
    return out


def test_builds_exactly_the_expected_files(golden_build):
    assert files_in(golden_build) == EXPECTED_FILES


def test_every_text_file_has_a_gzip_copy_for_the_web_server(golden_build):
    """nginx's gzip_static sends `name.gz` as it is; it must hold exactly the file."""
    text_files = {name for name in EXPECTED_FILES if Path(name).suffix in TEXT_SUFFIXES}
    assert "index.html" in text_files and "static/site.css" in text_files
    copies = {p.relative_to(golden_build).as_posix() for p in golden_build.rglob("*.gz")}
    assert copies == {f"{name}.gz" for name in text_files}
    for name in text_files:
        assert (
            gzip.decompress((golden_build / f"{name}.gz").read_bytes())
            == (golden_build / name).read_bytes()
        )


def test_drafts_are_never_built(golden_build):
    assert not (golden_build / "kontaktperson" / "utkast").exists()
    assert "utkast" not in (golden_build / "sitemap.xml").read_text(encoding="utf-8")


def test_output_matches_the_committed_golden_site(golden_build):
    assert files_in(GOLDEN_SITE) == EXPECTED_FILES, "run `make golden` and review the diff"
    differing = [
        name
        for name in sorted(EXPECTED_FILES)
        if not filecmp.cmp(golden_build / name, GOLDEN_SITE / name, shallow=False)
    ]
    assert differing == [], (
        "output changed: if intended, run `make golden` and review the diff\n"
        + changes(differing, golden_build)
    )


def test_forgotten_url_generator_fails_the_build(tmp_path):
    site = check_content(FIXTURE_CONTENT)
    app = create_app({"SITE": site, "BUILD_DESTINATION": tmp_path / "out"})
    app.add_url_rule("/ny-vy/", "ny_vy", lambda: "ny")
    with warnings.catch_warnings(), pytest.raises(MissingURLGeneratorWarning, match="ny_vy"):
        warnings.simplefilter("error", MissingURLGeneratorWarning)
        warn_about_forgotten_urls(app, site_urls(site, STATIC_DIR))
