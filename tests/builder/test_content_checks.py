"""Content faults are reported to the editor with file, line and a Swedish message."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.build import build_site, check_content
from site_builder.errors import ContentErrors

VALID = "title: En sida\ndescription: En ingress.\nupdated: 2026-03-03"


def faults(content_dir: Path) -> list[str]:
    with pytest.raises(ContentErrors) as raised:
        check_content(content_dir)
    return [str(error) for error in raised.value.errors]


def test_fixture_content_has_no_faults(content_dir):
    site = check_content(content_dir)
    assert "/kontaktperson/ersattning/" in site.by_url


def test_rejects_unknown_front_matter_key_with_its_line(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID + "\ntitel: Stavfel")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:5: okänt fält 'titel' i sidhuvudet (tillåtna fält: "
        "title, description, updated, published, order, draft, form, related, eu_cofunded, "
        "translation_of, source_version, reviewed)"
    ]


def test_rejects_eu_cofunded_that_is_not_true_or_false(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID + "\neu_cofunded: ja tack")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:5: fältet 'eu_cofunded' ska vara true eller false"
    ]


def test_rejects_page_without_title(content_dir, write_page):
    write_page("kontaktperson/ny.md", "description: En ingress.\nupdated: 2026-03-03")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:2: fältet 'title' saknas i sidhuvudet"
    ]


def test_rejects_updated_that_is_not_a_date(content_dir, write_page):
    write_page("kontaktperson/ny.md", "title: En sida\ndescription: En ingress.\nupdated: 3 mars")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:4: fältet 'updated' ska vara ett datum (ÅÅÅÅ-MM-DD)"
    ]


def test_rejects_order_that_is_not_a_number(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID + "\norder: först")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:5: fältet 'order' ska vara ett heltal"
    ]


def test_reports_unreadable_front_matter(content_dir, write_page):
    write_page("kontaktperson/ny.md", "title: [oavslutad\ndescription: x\nupdated: 2026-03-03")
    (message,) = faults(content_dir)
    assert message.startswith("content/kontaktperson/ny.md:")
    assert "sidhuvudet går inte att läsa" in message


def test_rejects_page_without_front_matter(content_dir):
    (content_dir / "kontaktperson" / "ny.md").write_text("Bara text.\n", encoding="utf-8")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:1: sidan ska börja med ett sidhuvud mellan två rader ---"
    ]


def test_rejects_link_to_a_missing_page_with_its_line(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID, "Första raden.\n\nSe [arvodet](arvode.md).")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:8: länken går till 'arvode.md' som inte finns"
    ]


def test_rejects_link_to_a_draft(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID, "Se [utkastet](utkast.md).")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:6: länken går till ett utkast ('utkast.md')"
    ]


def test_rejects_link_to_a_missing_heading(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID, "Se [arvodet](ersattning.md#lon).")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:6: länken går till rubriken '#lon' som inte finns på "
        "'ersattning.md'"
    ]


def test_rejects_hand_written_link_to_a_missing_url(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID, "Se [arvodet](/arvode/).")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:6: länken går till '/arvode/' som inte finns"
    ]


def test_rejects_unknown_configuration_reference(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID, "Ring {{ kommun.telefon }}.")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:6: okänd inställning {{ kommun.telefon }}"
    ]


def test_rejects_unknown_form(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID + "\nform: ansokan-om-allt")
    (message,) = faults(content_dir)
    assert message.startswith("content/kontaktperson/ny.md: okänt formulär 'ansokan-om-allt'")


def test_rejects_skipped_heading_level(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID, "## Först\n\nText.\n\n#### Sedan")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:10: rubriknivån hoppar från ## till ####"
    ]


def test_rejects_a_heading_of_its_own_level_one(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID, "# En egen huvudrubrik")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md:6: sidan får inte ha en egen #-rubrik; "
        "titeln blir sidans huvudrubrik"
    ]


def test_rejects_two_pages_with_the_same_url(content_dir, write_page):
    write_page("kontaktperson/ersattning/index.md", VALID)
    assert faults(content_dir) == [
        "content/kontaktperson/ersattning/index.md: två sidor får samma adress "
        "/kontaktperson/ersattning/ (den andra är kontaktperson/ersattning.md)"
    ]


def test_rejects_file_name_that_makes_an_awkward_url(content_dir, write_page):
    write_page("kontaktperson/Ersättning för resor.md", VALID)
    (message,) = faults(content_dir)
    assert "filnamnet ger en krånglig adress" in message


def test_rejects_missing_related_page(content_dir, write_page):
    write_page("kontaktperson/ny.md", VALID + "\nrelated:\n  - saknas.md")
    assert faults(content_dir) == [
        "content/kontaktperson/ny.md: relaterad sida 'saknas.md' finns inte"
    ]


def test_lists_every_fault_at_once(content_dir, write_page):
    write_page("kontaktperson/a.md", VALID + "\nokänt: 1")
    write_page("kontaktperson/b.md", VALID, "[x](saknas.md)")
    write_page("om-webbplatsen/c.md", VALID, "{{ saknas }}")
    assert len(faults(content_dir)) == 3


def test_failed_build_leaves_the_previous_site_untouched(content_dir, write_page, tmp_path):
    out = tmp_path / "site"
    build_site(content_dir, out, search=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write_page("kontaktperson/ersattning.md", VALID, "[x](saknas.md)")
    with pytest.raises(ContentErrors):
        build_site(content_dir, out, search=False)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
