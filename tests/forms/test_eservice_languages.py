"""The two application e-services in the language chosen by link (`?sprak=`), kept from
the first step to the receipt and the status page; the other e-services stay Swedish;
the staff side, always Swedish, says which language the applicant used."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from form_service.core.i18n import catalog_path
from tests.staff.test_exports import export
from tests.support.form_pages import make_app, send
from tests.support.journey_answers import CHILD_DAY, FOR_MY_CHILD, KONTAKTGRUPPEN
from tests.support.pages import Page, PageClient

ROOT = Path(__file__).resolve().parents[2]
KONTAKTGRUPPEN_PATH = "/ansokan/kontaktgruppen/"
KONTAKTPERSON_PATH = "/ansokan/kontaktperson/"
# key: (lang, dir, font stylesheet or None)
LANGUAGES = {
    "lattlast": ("sv", "ltr", None),
    "en": ("en", "ltr", None),
    "ar": ("ar", "rtl", "fonts/arabic.css"),
    "prs": ("prs", "rtl", "fonts/arabic.css"),
    "so": ("so", "ltr", None),
    "ti": ("ti", "ltr", "fonts/ethiopic.css"),
}


# Every language of the e-services: every page of both applications in each.
TRANSLATED = list(LANGUAGES)


@cache
def catalog(key: str) -> dict[str, str]:
    """Swedish source → translation, for the messages the language says differently."""
    with catalog_path(key).open("rb") as file:
        messages = read_po(file)
    return {m.id: m.string for m in messages if m.id and m.string and m.string != m.id}


def swedish_left(page: Page, key: str) -> list[str]:
    """Source messages shown untranslated in the page's title and main content: a text
    that is a one-word message, or a message of several words anywhere in the text
    (placeholders matching whatever fills them). The Swedish frame outside <main>,
    such as the contact block, is marked lang="sv" on purpose."""
    main = page.text.split("<main", 1)[1].split("</main>", 1)[0]
    texts = {html.unescape(t).strip() for t in re.findall(r">([^<]+)<", main)} | {page.title}
    flowing = " ".join(html.unescape(re.sub(r"<[^>]+>", "", main)).split())
    left = []
    for source in catalog(key):
        if " " not in source:
            found = source in texts
        else:
            pattern = re.escape(" ".join(source.split())).replace(r"\ ", " ")
            pattern = re.sub(r"%\\\((\w+)\\\)s", ".+?", pattern)
            found = re.search(pattern, flowing) is not None or source in page.title
        if found:
            left.append(source)
    return left


def html_tag(page: Page) -> str:
    return re.search(r"<html[^>]*>", page.text).group(0)


def assert_in_language(page: Page, key: str) -> None:
    lang, direction, font = LANGUAGES[key]
    assert html_tag(page) == f'<html lang="{lang}" dir="{direction}">', page.text[:300]
    if font:
        assert f'href="/static/{font}"' in page.text
    assert '<nav class="language-menu"' in page.text


def walk(citizen, start: str, answers: dict) -> list[Page]:
    """Every page from the start link to the check page, answering each step."""
    page = citizen.follow(citizen.get(start, status=302))
    pages = [page]
    while "/granska/" not in page.action:
        slug = page.action.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        page = citizen.follow(citizen.post(page.action, {"csrf_token": page.csrf, **answers[slug]}))
        pages.append(page)
    return pages


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_the_language_chosen_by_link_is_kept_to_the_receipt(office, key):
    citizen = office._citizen(None)
    pages = walk(citizen, f"{KONTAKTPERSON_PATH}?sprak={key}", FOR_MY_CHILD)
    receipt = send(citizen, pages[-1])
    for page in [*pages, receipt]:
        assert_in_language(page, key)
    assert len(pages) == len(FOR_MY_CHILD) + 1  # every step, then the check page


def test_an_empty_step_in_arabic_is_right_to_left_with_its_error_summary(citizen):
    page = citizen.follow(citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=ar", status=302))
    refused = citizen.post(page.action, {"csrf_token": page.csrf}, status=200)
    assert_in_language(refused, "ar")
    assert refused.error_links == ["#skyddad-0"]


def test_numbers_phone_and_personnummer_inputs_stay_left_to_right(citizen):
    page = citizen.follow(citizen.get(f"{KONTAKTPERSON_PATH}?sprak=ar", status=302))
    for slug in ("skyddade-uppgifter", "for-vem"):
        data = {"csrf_token": page.csrf, **FOR_MY_CHILD[slug]}
        page = citizen.follow(citizen.post(page.action, data))
    assert_in_language(page, "ar")
    for name in ("personnummer", "telefon", "epost"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page.text).group(0)
        assert 'dir="ltr"' in tag, tag


def test_swedish_by_link_and_an_unknown_language_is_swedish(citizen):
    citizen.follow(citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=en", status=302))
    page = citizen.follow(citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=sv", status=302))
    assert html_tag(page) == '<html lang="sv">'
    assert '<nav class="language-menu"' in page.text  # the way back to the other languages
    page = citizen.follow(citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=xx", status=302))
    assert html_tag(page) == '<html lang="sv">'


def test_the_language_menu_names_each_language_in_itself_and_links_this_page(citizen):
    page = citizen.follow(citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=ar", status=302))
    menu = re.search(r'<nav class="language-menu".*?</nav>', page.text, re.S).group(0)
    assert "Svenska" in menu and "English" in menu and "العربية" not in menu
    assert f'href="{KONTAKTGRUPPEN_PATH}steg/skyddade-uppgifter/?sprak=en"' in menu
    assert f'href="{KONTAKTGRUPPEN_PATH}steg/skyddade-uppgifter/?sprak=sv"' in menu


def test_the_other_e_services_stay_swedish_whatever_was_chosen(citizen):
    citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=ar", status=302)
    page = citizen.follow(citizen.get("/intresseanmalan/kontaktperson/?sprak=ar", status=302))
    assert html_tag(page) == '<html lang="sv">'
    assert "language-menu" not in page.text


def test_the_status_page_keeps_the_language(citizen):
    citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=ti", status=302)
    page = citizen.get("/status/")
    assert_in_language(page, "ti")
    refused = citizen.post(page.action, {"csrf_token": page.csrf}, status=200)
    assert_in_language(refused, "ti")
    assert refused.error_links == ["#referens", "#kod"]


def test_the_staff_side_shows_in_swedish_which_language_the_applicant_used(office):
    citizen = office._citizen(None)
    receipt = send(citizen, walk(citizen, f"{KONTAKTPERSON_PATH}?sprak=ar", FOR_MY_CHILD)[-1])
    arabic = receipt.text.split('class="panel__reference">')[1][:8]
    citizen.get(f"{KONTAKTPERSON_PATH}?sprak=sv", status=302)
    receipt = send(citizen, walk(citizen, KONTAKTPERSON_PATH, FOR_MY_CHILD)[-1])
    swedish = receipt.text.split('class="panel__reference">')[1][:8]

    officer = office.client(office.user("karin"))
    page = officer.get(f"/arenden/{arabic}/")
    assert html_tag(page) == '<html lang="sv">'
    assert "<dt>Språk</dt><dd>arabiska</dd>" in page.text
    assert "<dt>Språk</dt><dd>svenska</dd>" in officer.get(f"/arenden/{swedish}/").text
    assert "<dt>Språk</dt><dd>arabiska</dd>" in officer.get(f"/arenden/{arabic}/utskrift/").text

    exported = exports(officer)
    assert exported["csv"] == {arabic: "arabiska", swedish: "svenska"}
    assert exported["json"] == {arabic: "arabiska", swedish: "svenska"}


def exports(officer) -> dict[str, dict[str, str]]:
    found = {}
    for kind in ("csv", "json"):
        response = export(officer, kind)
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        body = response.get_data(as_text=True).lstrip("\ufeff")
        if kind == "csv":
            rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
            found[kind] = {row["Referens"]: row["Språk"] for row in rows}
        else:
            submissions = json.loads(body)["submissions"]
            found[kind] = {item["reference"]: item["language"] for item in submissions}
    return found


def test_the_language_is_sealed_with_the_answers_never_in_a_column(citizen, stored):
    send(citizen, walk(citizen, f"{KONTAKTPERSON_PATH}?sprak=prs", FOR_MY_CHILD)[-1])
    (row, answers), *_ = stored()
    assert "_sprak" not in answers  # opened answers are the steps' only
    columns = [getattr(row, column.name) for column in row.__table__.columns]
    assert not any(value == "prs" for value in columns)


def reference_and_code(receipt: Page) -> tuple[str, str]:
    reference = receipt.text.split('class="panel__reference">')[1][:8]
    code = re.search(r'class="code">(?:<bdi dir="ltr">)?([A-Z2-9]+)<', receipt.text).group(1)
    return reference, code


JOURNEYS = {
    "kontaktperson": (KONTAKTPERSON_PATH, FOR_MY_CHILD, None),
    "kontaktgruppen": (KONTAKTGRUPPEN_PATH, KONTAKTGRUPPEN, CHILD_DAY),
}


@pytest.mark.parametrize("journey", list(JOURNEYS))
@pytest.mark.parametrize("key", TRANSLATED)
def test_every_page_of_the_journey_is_translated_to_the_status_page(office, key, journey):
    path, answers, day = JOURNEYS[journey]
    citizen = office._citizen(day)
    first = citizen.follow(citizen.get(f"{path}?sprak={key}", status=302))
    refused = citizen.post(first.action, {"csrf_token": first.csrf}, status=200)
    assert (
        catalog(key).get("Det finns fel som du behöver rätta", "Det finns fel som du behöver rätta")
        in refused.text
    )
    assert refused.title.startswith(catalog(key).get("Fel:", "Fel:"))
    pages = [first, refused, *walk(citizen, path, answers)]
    assert catalog(key).get("Granska och skicka", "Granska och skicka") in pages[-1].title
    receipt = send(citizen, pages[-1])
    assert catalog(key).get("Ansökan är skickad", "Ansökan är skickad") in receipt.text
    lookup = citizen.get("/status/")
    reference, code = reference_and_code(receipt)
    data = {"csrf_token": lookup.csrf, "referens": reference, "kod": code}
    status = citizen.post(lookup.action, data, status=200)
    assert (
        catalog(key).get(
            "Mottagen. Ingen handläggare har börjat med den än.",
            "Mottagen. Ingen handläggare har börjat med den än.",
        )
        in status.text
    )
    for page in [*pages, receipt, lookup, status]:
        assert_in_language(page, key)
        assert swedish_left(page, key) == [], page.title


def test_the_check_for_swedish_left_finds_an_untranslated_page(citizen):
    """The check above would find Swedish: the same page without a language holds it."""
    page = citizen.follow(citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=sv", status=302))
    assert "Har du eller barnet skyddade personuppgifter?" in swedish_left(page, "en")


def test_the_receipt_email_is_in_the_applicants_language(tmp_path, key_pair, smtp):
    from form_service.mail import deliver_notifications
    from tests.forms.test_receipt_email import (
        ADDRESS,
        PATH,
        WITH_ADDRESS,
        send_asking_for_receipt,
        to_applicant,
    )
    from tests.support.form_pages import make_app
    from tests.support.pages import PageClient

    port, inbox, _ = smtp
    app = make_app(tmp_path, key_pair, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    citizen = PageClient(app.test_client())
    check = walk(citizen, f"{PATH}?sprak=en", WITH_ADDRESS)[-1]
    assert "Send a receipt to my e-mail" in check.text and ADDRESS in check.text
    receipt = send_asking_for_receipt(citizen, check)
    reference, _code = reference_and_code(receipt)
    assert deliver_notifications(app) == (2, 0)
    (content,) = to_applicant(inbox)
    assert f"Receipt: Application for a contact person ({reference})" in content
    assert "We have received what you sent with the e-service Application for a contact" in (
        content
    )
    assert "Kvittens" not in content and "tagit emot" not in content


def test_error_pages_of_a_translated_e_service_are_in_its_language(citizen):
    page = citizen.follow(citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=ar", status=302))
    missing = citizen.get(f"{KONTAKTGRUPPEN_PATH}steg/finns-inte/", status=404)
    assert_in_language(missing, "ar")
    assert missing.title.startswith(catalog("ar")["Sidan finns inte"])
    stale = citizen.post(page.action, {"csrf_token": "gammal"}, status=400)
    assert_in_language(stale, "ar")
    assert catalog("ar")["Något gick fel med det du skickade"] in stale.text
    elsewhere = citizen.get("/intresseanmalan/finns-inte/", status=404)
    assert html_tag(elsewhere) == '<html lang="sv">'
    assert elsewhere.title.startswith("Sidan finns inte")


@pytest.mark.parametrize(("key", "home"), [("ar", "/ar/"), ("en", "/en/"), ("ti", "/ti/")])
def test_the_header_links_the_start_page_in_the_language_where_the_site_has_one(citizen, key, home):
    page = citizen.follow(citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak={key}", status=302))
    assert f'<a class="site-header__title" href="{home}"' in page.text


def test_a_language_without_site_pages_yet_keeps_the_swedish_start_page_and_menu(
    tmp_path, key_pair
):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("ti"))
    citizen = PageClient(make_app(tmp_path, key_pair, CONTENT_DIR=str(content)).test_client())
    page = citizen.follow(citizen.get(f"{KONTAKTGRUPPEN_PATH}?sprak=ti", status=302))
    assert_in_language(page, "ti")
    assert '<a class="site-header__title" href="/"' in page.text
    menu = re.search(r'<nav class="main-menu".*?</nav>', page.text, re.S).group(0)
    assert 'href="/ti/' not in page.text
    assert "<li>" in menu
