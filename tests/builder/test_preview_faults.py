"""In the editor preview, one page's fault stays on that page; the rest of the site works.

Through the preview app's test client, as `make serve` serves it.
"""

from __future__ import annotations

import html
import re

import pytest

GOOD = "title: {title}\ndescription: En ingress.\nupdated: 2026-03-03"


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def banner_of(page: str) -> str:
    found = re.search(r'<section class="preview-faults".*?</section>', page, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def faulty_page(write_page):
    """A new page with an impossible date and a skipped heading level."""
    return write_page(
        "kontaktperson/resor.md",
        "title: Resor\ndescription: En ingress.\nupdated: 2026-13-45",
        "## Resor\n\n#### Bil",
    )


def test_the_faulty_page_lists_its_faults_in_the_sites_look(preview, faulty_page):
    response = preview.get("/kontaktperson/resor/")
    page = text_of(response)
    assert response.status_code == 500
    assert "<h1>Sidan har fel som måste rättas</h1>" in page
    assert (
        "content/kontaktperson/resor.md:4: fältet 'updated': 2026-13-45 är inget datum "
        "(det finns ingen månad 13)" in page
    )
    assert "content/kontaktperson/resor.md:8: rubriknivån hoppar från ## till ####" in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert "Traceback" not in page
    assert banner_of(page) == ""  # no other page has faults


def test_every_other_page_renders_with_a_banner_naming_the_faults(preview, faulty_page):
    for url in ("/", "/kontaktperson/", "/kontaktperson/ersattning/", "/kontakt/", "/sok/"):
        response = preview.get(url)
        page = text_of(response)
        assert response.status_code == 200, url
        banner = banner_of(page)
        assert "Förhandsvisning: 2 fel i innehållet" in banner, url
        assert '<a href="/kontaktperson/resor/">' in banner
        assert "resor.md:4: fältet 'updated'" in banner
    ersattning = text_of(preview.get("/kontaktperson/ersattning/"))
    assert "<h1>Ersättning</h1>" in ersattning
    assert "1 000–3 000 kronor" in ersattning


def test_the_faulty_page_shows_only_its_own_faults_and_a_banner_for_others(
    preview, faulty_page, write_page
):
    write_page("om-webbplatsen/ny.md", GOOD.format(title="Ny"), "Se [x](saknas.md).")
    resor = text_of(preview.get("/kontaktperson/resor/"))
    assert "om-webbplatsen/ny.md:6: länken går till 'saknas.md' som inte finns" in banner_of(resor)
    assert "resor.md" not in banner_of(resor)
    other = preview.get("/om-webbplatsen/ny/")
    assert other.status_code == 500
    assert "resor.md:4" in banner_of(text_of(other))


def test_a_link_to_the_faulty_page_is_not_a_fault(preview, faulty_page, write_page):
    write_page("kontaktperson/lankar.md", GOOD.format(title="Länkar"), "[Resor](resor.md)")
    page = text_of(preview.get("/kontaktperson/lankar/"))
    assert '<a href="/kontaktperson/resor/">Resor</a>' in page
    assert "Förhandsvisning: 2 fel i innehållet" in banner_of(page)


def test_a_page_without_front_matter_shows_its_fault_not_a_404(preview, content_dir):
    (content_dir / "kontaktperson" / "resor.md").write_text("Bara text.\n", encoding="utf-8")
    response = preview.get("/kontaktperson/resor/")
    assert response.status_code == 500
    assert "resor.md:1: sidan ska börja med ett sidhuvud mellan två rader ---" in text_of(response)
    assert preview.get("/kontaktperson/").status_code == 200


def test_fixing_the_page_shows_it_and_drops_the_banner(preview, faulty_page):
    assert preview.get("/kontaktperson/resor/").status_code == 500
    faulty_page.write_text(
        "---\ntitle: Resor\ndescription: En ingress.\nupdated: 2026-03-03\n---\n## Resor\n",
        encoding="utf-8",
    )
    response = preview.get("/kontaktperson/resor/")
    assert response.status_code == 200
    assert banner_of(text_of(response)) == ""


def test_a_fault_in_site_yaml_still_lists_every_fault(preview, content_dir):
    config = content_dir / "site.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("volontar_minst: 18", "volontar_minst: [18]"),
        encoding="utf-8",
    )
    response = preview.get("/kontaktperson/")
    page = text_of(response)
    assert response.status_code == 500
    assert "Innehållet har fel som måste rättas" in page
    assert "inställningen 'alder.volontar_minst' ska vara ett heltal" in page
    assert "Traceback" not in page
