"""Rebuilding renders only what a change affects, and ends identical to a clean build."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from site_builder.build import build_site


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def assert_same_as_clean_build(content_dir: Path, incremental: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    build_site(content_dir, clean, search=False)
    comparison = filecmp.dircmp(incremental, clean)
    assert snapshot(incremental) == snapshot(clean), comparison.report()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_rebuild_with_nothing_changed_writes_nothing(content_dir, content_build):
    report = build_site(content_dir, content_build, search=False)
    assert (report.rendered, report.removed) == (0, 0)
    assert report.summary().startswith("Inget har ändrats")


def test_editing_a_body_renders_only_that_page(content_dir, content_build, tmp_path):
    edit(content_dir / "kontakt" / "index.md", "Ring", "Ring gärna")
    report = build_site(content_dir, content_build, search=False)
    assert (report.full, report.rendered) == (False, 1)
    assert "Ring gärna" in (content_build / "kontakt" / "index.html").read_text(encoding="utf-8")
    assert_same_as_clean_build(content_dir, content_build, tmp_path)


def test_changing_a_title_updates_the_pages_that_show_it(content_dir, content_build, tmp_path):
    edit(
        content_dir / "kontaktperson" / "ersattning.md",
        "title: Ersättning",
        "title: Arvode och ersättning",
    )
    report = build_site(content_dir, content_build, search=False)
    assert not report.full
    section = (content_build / "kontaktperson" / "index.html").read_text(encoding="utf-8")
    assert "Arvode och ersättning" in section
    assert_same_as_clean_build(content_dir, content_build, tmp_path)


def test_changing_a_section_title_updates_menu_and_breadcrumbs(
    content_dir, content_build, tmp_path
):
    edit(
        content_dir / "kontaktperson" / "index.md",
        "title: Kontaktperson",
        "title: Bli kontaktperson",
    )
    build_site(content_dir, content_build, search=False)
    other = (content_build / "kontakt" / "index.html").read_text(encoding="utf-8")
    assert ">Bli kontaktperson</a>" in other
    assert_same_as_clean_build(content_dir, content_build, tmp_path)


def test_changing_the_configuration_rerenders_pages_that_use_it(
    content_dir, content_build, tmp_path
):
    edit(content_dir / "site.yaml", "Exempelkommun", "Provkommun")
    build_site(content_dir, content_build, search=False)
    assert "Provkommun" in (content_build / "index.html").read_text(encoding="utf-8")
    assert_same_as_clean_build(content_dir, content_build, tmp_path)


def test_adding_and_removing_pages(content_dir, content_build, tmp_path, write_page):
    write_page("kontaktperson/ny-sida.md", "title: Ny sida\ndescription: Ny.\nupdated: 2026-04-01")
    build_site(content_dir, content_build, search=False)
    assert (content_build / "kontaktperson" / "ny-sida" / "index.html").is_file()
    assert_same_as_clean_build(content_dir, content_build, tmp_path)
    (content_dir / "kontaktperson" / "ny-sida.md").unlink()
    build_site(content_dir, content_build, search=False)
    assert not (content_build / "kontaktperson" / "ny-sida").exists()
    assert_same_as_clean_build(content_dir, content_build, tmp_path / "again")


def test_publishing_a_draft_adds_it(content_dir, content_build, tmp_path):
    edit(content_dir / "kontaktperson" / "utkast.md", "draft: true", "draft: false")
    build_site(content_dir, content_build, search=False)
    assert (content_build / "kontaktperson" / "utkast" / "index.html").is_file()
    assert_same_as_clean_build(content_dir, content_build, tmp_path)


def test_body_edit_reads_only_the_pages_it_needs(content_dir, content_build, tmp_path, monkeypatch):
    from site_builder.state_store import StateStore

    def read_everything(_store):
        raise AssertionError("a body edit should not load every page's state")

    monkeypatch.setattr(StateStore, "all_pages", read_everything)
    edit(content_dir / "kontaktperson" / "index.md", "En kontaktperson", "En kontaktperson är")
    report = build_site(content_dir, content_build, search=False)
    assert report.rendered == 1
    monkeypatch.undo()
    assert_same_as_clean_build(content_dir, content_build, tmp_path)


def test_body_edit_with_a_broken_link_is_rejected_and_changes_nothing(content_dir, content_build):
    from site_builder.errors import ContentErrors

    before = snapshot(content_build)
    edit(content_dir / "kontakt" / "index.md", "Ring", "Se [sidan](saknas.md). Ring")
    with pytest.raises(ContentErrors, match=r"saknas\.md"):
        build_site(content_dir, content_build, search=False)
    assert snapshot(content_build) == before


def test_adding_a_translation_updates_its_source_and_the_sitemap(
    content_dir, content_build, tmp_path, write_page
):
    """The Swedish page gains a language menu entry and hreflang links to the new page."""
    write_page(
        "en/kontakt.md",
        "title: Contact\ndescription: How to reach us.\nupdated: 2026-01-01\n"
        'translation_of: kontakt/index.md\nsource_version: "0"',
    )
    build_site(content_dir, content_build, search=False)
    assert "/en/kontakt/" in (content_build / "kontakt" / "index.html").read_text(encoding="utf-8")
    assert_same_as_clean_build(content_dir, content_build, tmp_path)


def test_editing_a_translated_page_keeps_its_language_links(content_dir, content_build, tmp_path):
    edit(content_dir / "en" / "kontaktperson" / "index.md", "fellow human", "fellow person")
    build_site(content_dir, content_build, search=False)
    assert_same_as_clean_build(content_dir, content_build, tmp_path)
