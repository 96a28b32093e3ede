"""What the real site says, read from the HTML the builder writes from `content/`.

The pages must say only what the social services can stand behind: no placeholder
shown to citizens, no promise of an order or a time, the EU emblem where the ESF+
rules want it, the privacy notice and the accessibility statement complete, and the
municipality's own values (ages, retention, opening hours) taken from `site.yaml`.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from site_builder import create_app
from site_builder.config import load_site_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT = PROJECT_ROOT / "content"
CONFIG = load_site_config(CONTENT)
EU_PAGES = ["/projekt-gro/", "/kontaktgruppen/", "/kontaktgruppen/vem-kan-delta/",
            "/kontaktgruppen/ansok/"]  # fmt: skip
EU_TEXT = "Medfinansieras av Europeiska unionen"
# Claims the facts behind the site do not support, and placeholders for citizens.
NOT_SHOWN = (
    "exempelbelopp",
    "(exempel)",
    "Platserna fördelas",
    "i den ordning ansökningarna kommer in",
    "inom några veckor",
    "finansieras av Svenska ESF-rådet",
    "Du kan alltid ringa",
)


def html_of(project_site: Path, url: str) -> str:
    return (project_site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The page as a reader sees it: tags gone, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def built_pages(project_site: Path) -> dict[str, str]:
    return {
        "/" + path.relative_to(project_site).as_posix().removesuffix("index.html"): path.read_text(
            encoding="utf-8"
        )
        for path in sorted(project_site.rglob("*.html"))
    }


@pytest.mark.parametrize("url", EU_PAGES)
def test_the_eu_emblem_and_its_words_open_every_page_about_projekt_gro(
    project_site: Path, url: str
):
    html = html_of(project_site, url)
    heading, emblem, ingress = (html.find(mark) for mark in ("<h1>", "eu-cofunding", "ingress"))
    assert -1 < heading < emblem < ingress, f"{url}: the emblem is not at the top of the page"
    block = html[emblem : html.find("</p>", emblem)]
    assert 'alt="Europeiska unionens flagga"' in block
    assert EU_TEXT in block


def test_only_the_project_pages_show_the_emblem(project_site: Path):
    """The project's pages and their translations, and no others."""
    shown = sorted(url for url, html in built_pages(project_site).items() if "eu-cofunding" in html)
    assert shown
    assert [url for url in shown if without_language_folder(url) not in EU_PAGES] == []
    assert set(EU_PAGES) <= set(shown)


def without_language_folder(url: str) -> str:
    folder, _, rest = url.strip("/").partition("/")
    return f"/{rest}/".replace("//", "/") if folder in CONFIG.variants else url


def test_the_emblem_is_drawn_to_the_eu_geometry(project_site: Path):
    """Flag 3:2, twelve five-pointed stars one point up on a circle of radius h/3,
    each star's outer radius h/18, blue #003399 and yellow #FFCC00."""
    svg = (project_site / "static" / "eu-emblem.svg").read_text(encoding="utf-8")
    width, height = (float(n) for n in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    assert width / height == 1.5
    assert re.search(r'<rect[^>]*fill="#(039|003399)"', svg, re.I)
    assert re.search(r'<g fill="#(fc0|ffcc00)"', svg, re.I)
    stars = [
        [tuple(float(v) for v in pair.split(",")) for pair in points.split()]
        for points in re.findall(r'<polygon points="([^"]+)"', svg)
    ]
    assert len(stars) == 12
    centre = (width / 2, height / 2)
    for points in stars:
        assert len(points) == 10  # five outer and five inner corners
        top = points[0]
        star_centre = (top[0], top[1] + height / 18)  # one point straight up
        ring = ((star_centre[0] - centre[0]) ** 2 + (star_centre[1] - centre[1]) ** 2) ** 0.5
        assert abs(ring - height / 3) < 0.5
        for outer in points[::2]:
            reach = ((outer[0] - star_centre[0]) ** 2 + (outer[1] - star_centre[1]) ** 2) ** 0.5
            assert abs(reach - height / 18) < 0.5


def test_no_page_shows_a_placeholder_or_an_unsupported_claim(project_site: Path):
    found = {
        url: [claim for claim in NOT_SHOWN if claim.lower() in text_of(html).lower()]
        for url, html in built_pages(project_site).items()
    }
    assert {url: claims for url, claims in found.items() if claims} == {}


def test_kontaktgruppen_ages_are_the_municipalitys_own_rule(project_site: Path):
    ages = CONFIG.ages
    text = text_of(html_of(project_site, "/kontaktgruppen/vem-kan-delta/"))
    assert f"mellan {ages['kontaktgruppen_minst']} och {ages['kontaktgruppen_hogst']} år" in text
    assert "kommunens egen regel" in text


def test_every_page_that_gives_the_customer_centre_number_gives_its_hours(project_site: Path):
    number = CONFIG.data["kommun"]["kundcenter_telefon"]
    hours = CONFIG.data["kommun"]["kundcenter_telefontid"]
    pages = {url: text_of(html) for url, html in built_pages(project_site).items()}
    with_number = [url for url, text in pages.items() if number in text]
    assert with_number, "no page gives the customer centre's number"
    assert [url for url in with_number if hours not in pages[url]] == []


def test_the_header_links_the_municipalitys_own_site(project_site: Path):
    home = CONFIG.data["kommun"]["webbplats"]
    link = f'<a class="site-header__municipality" href="{home}">{CONFIG.municipality}</a>'
    missing = [url for url, html in built_pages(project_site).items() if link not in html]
    assert missing == []


def test_the_accessibility_statement_links_diggs_report_form_and_the_manual_audit(
    project_site: Path,
):
    html = html_of(project_site, "/om-webbplatsen/tillganglighetsredogorelse/")
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    text = text_of(html)
    audit = CONFIG.data["tillganglighet"]["manuell_granskning"]
    assert f"Kommunens egen manuella granskning: {audit}" in text
    assert "skärmläsare" not in text, "claims a screen reader test that no test does"


def test_the_privacy_notice_names_the_controller_and_answers_article_13(project_site: Path):
    text = text_of(html_of(project_site, "/om-webbplatsen/personuppgifter/"))
    facts = CONFIG.data["personuppgifter"]
    for key in ("ansvarig", "ansvarig_postadress", "ansvarig_telefon", "ansvarig_epost"):
        assert facts[key] in text, key
    assert "Måste du lämna uppgifterna?" in text  # art. 13.2 e
    assert "Vi fattar inga beslut automatiskt" in text  # art. 13.2 f
    assert "IT-leverantörer" in text and "personuppgiftsbiträden" in text


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def test_the_privacy_notice_shows_each_e_services_retention_from_site_yaml(content_copy: Path):
    config = content_copy / "site.yaml"
    yaml_text = config.read_text(encoding="utf-8")
    start = yaml_text.index("ansokan-kontaktgruppen:")
    changed = yaml_text[:start] + yaml_text[start:].replace(
        "gallras_manader: 24", "gallras_manader: 37", 1
    )
    config.write_text(changed, encoding="utf-8")
    preview = create_app({"CONTENT_DIR": str(content_copy), "TESTING": True}).test_client()
    text = text_of(preview.get("/om-webbplatsen/personuppgifter/").get_data(as_text=True))
    for service in load_site_config(content_copy).eservices.values():
        assert f"{service.titel}: {service.gallras_manader} månader" in text, service.key
    assert "Ansökan till Kontaktgruppen: 37 månader" in text


def test_the_header_shows_the_configured_logo_named_for_the_municipality(content_copy: Path):
    config = content_copy / "site.yaml"
    yaml_text = config.read_text(encoding="utf-8")
    config.write_text(yaml_text.replace('logotyp: ""', 'logotyp: "favicon.svg"'), encoding="utf-8")
    preview = create_app({"CONTENT_DIR": str(content_copy), "TESTING": True}).test_client()
    html = preview.get("/kontaktperson/").get_data(as_text=True)
    home = CONFIG.data["kommun"]["webbplats"]
    link = html[html.index(f'<a class="site-header__municipality" href="{home}">') :]
    link = link[: link.index("</a>")]
    assert f'alt="{CONFIG.municipality}"' in link and "favicon.svg" in link
    logo = preview.get(re.search(r'src="([^"]+)"', link).group(1))
    logo.close()
    assert logo.status_code == 200
