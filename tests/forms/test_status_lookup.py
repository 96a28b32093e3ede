"""A citizen looks up how far their submission has come with the reference and the
one-time code from the receipt, and sees the status and nothing else about it.

The only personnummer are Skatteverket's published examples (in journey_answers.py).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import update

from form_service.eservices.workflow import RECEIVED
from form_service.storage.db import session_scope
from form_service.storage.models import Submission
from tests.forms.test_fuzz_every_endpoint import HOSTILE
from tests.forms.test_mounted_under_prefix import PREFIX, MountedClient
from tests.support.form_pages import fill_in, make_app, send
from tests.support.journey_answers import FOR_MYSELF, VOLUNTEER
from tests.support.pages import PageClient

STATUS = "/status/"
NO_MATCH = "Vi hittar inget ärende med det referensnumret och den koden"


def sent(citizen, path="/intresseanmalan/kontaktperson/", answers=VOLUNTEER) -> tuple[str, str]:
    """Send a real submission; return the reference and code the receipt shows."""
    receipt = send(citizen, fill_in(citizen, path, answers))
    reference = receipt.text.split('class="panel__reference">')[1][:8]
    code = re.search(r'<strong class="code">([^<]+)</strong>', receipt.text).group(1)
    return reference, code


def look_up(citizen, reference: str, code: str, status: int = 200):
    form = citizen.get(STATUS)
    return citizen.post(
        STATUS, {"csrf_token": form.csrf, "referens": reference, "kod": code}, status
    )


def change(app, reference: str, **values) -> None:
    """As the staff side would: change the stored row directly."""
    with session_scope(app) as session:
        session.execute(
            update(Submission).where(Submission.reference == reference).values(**values)
        )


def main_text(page) -> str:
    return page.text.split('<main id="innehall"', 1)[1].split("</main>", 1)[0]


def test_the_receipt_links_to_the_status_page_and_says_to_keep_the_codes(citizen):
    receipt = send(citizen, fill_in(citizen, "/intresseanmalan/kontaktperson/", VOLUNTEER))
    assert f'href="{STATUS}"' in receipt.text
    assert "Skriv upp dem eller ta en bild av skärmen" in receipt.text
    form = citizen.get(STATUS)
    assert form.title.startswith("Se status för ditt ärende")
    assert form.action == STATUS


def test_a_new_submission_reads_as_received(citizen):
    reference, code = sent(citizen)
    page = look_up(citizen, reference, code)
    assert page.title.startswith("Status för ditt ärende")
    assert RECEIVED.public in page.text
    assert "Intresseanmälan – bli kontaktperson" in page.text
    assert reference in page.text


def test_a_changed_status_shows_its_public_wording_and_the_day_it_arrived(app, citizen):
    reference, code = sent(citizen)
    arrived = dt.datetime(2026, 6, 14, 22, 30, tzinfo=dt.UTC)  # 15 June in Sweden
    change(app, reference, status="kontaktad", created_at=arrived)
    page = look_up(citizen, reference, code)
    assert "Under handläggning." in page.text
    assert RECEIVED.public not in page.text
    assert "Kontaktad" not in page.text  # the case officers' label stays internal
    assert "15 juni 2026" in page.text


def test_a_wrong_code_and_an_unknown_reference_get_the_same_answer(citizen):
    reference, code = sent(citizen)
    wrong_code = look_up(citizen, reference, "ABCDEFGHJK" if code != "ABCDEFGHJK" else "KJHGFEDCBA")
    unknown = look_up(citizen, "ZZZZ2222" if reference != "ZZZZ2222" else "YYYY3333", code)
    for page in (wrong_code, unknown):
        assert page.title.startswith("Fel: ")
        assert NO_MATCH in page.text
        assert RECEIVED.public not in page.text
        assert "Intresseanmälan – bli kontaktperson" not in page.text
        assert page.error_links == ["#referens"]

    def without_values(page) -> str:
        return re.sub(r'value="[^"]*"', "", main_text(page))

    assert without_values(wrong_code) == without_values(unknown)
    assert wrong_code.field_value("referens") == reference  # what was typed is kept


def test_the_code_may_be_typed_with_spaces_dashes_and_in_lower_case(citizen):
    reference, code = sent(citizen)
    typed_reference = f" {reference[:4].lower()}-{reference[4:]} "
    typed_code = f"{code[:3].lower()} {code[3:6]}–{code[6:].lower()}"
    page = look_up(citizen, typed_reference, typed_code)
    assert RECEIVED.public in page.text


def test_no_answer_ever_appears_on_the_status_page(citizen):
    reference, code = sent(citizen)
    page = look_up(citizen, reference, code)
    about = VOLUNTEER["om-dig"]
    for answer in (
        about["fornamn"],
        about["efternamn"],
        about["personnummer"],
        about["personnummer"].replace("-", ""),
        about["adress"],
        about["telefon"],
        about["epost"],
        VOLUNTEER["referenser"]["referens1_namn"],
        VOLUNTEER["tid-och-intressen"]["motivering"],
    ):
        assert answer not in main_text(page)  # the contact block may share a street name
    assert about["efternamn"] not in page.text and "811218" not in page.text
    assert code not in page.text


def test_a_submission_flagged_as_spam_reads_like_any_other(app, citizen):
    reference, code = sent(citizen, "/ansokan/kontaktperson/", FOR_MYSELF)
    change(app, reference, spam_suspected=True)
    page = look_up(citizen, reference, code)
    assert RECEIVED.public in page.text
    assert "Ansökan om kontaktperson" in page.text
    assert "Sven" not in page.text and "640823" not in page.text


def test_what_cannot_be_a_reference_or_a_code_is_said_plainly(citizen):
    form = citizen.get(STATUS)
    empty = citizen.post(STATUS, {"csrf_token": form.csrf}, status=200)
    assert empty.title.startswith("Fel: ")
    assert "Ange referensnumret" in empty.text and "Ange koden" in empty.text
    assert empty.error_links == ["#referens", "#kod"]
    for link in empty.error_links:
        assert link.lstrip("#") in empty.ids
    assert 'aria-describedby="referens-hint referens-error"' in empty.text
    wrong = look_up(citizen, "ABC", "0O1IL23456")
    assert "Referensnumret ska ha 8 tecken" in wrong.text
    assert "Koden innehåller bara bokstäverna A–Z och siffrorna 2–9" in wrong.text
    assert wrong.field_value("referens") == "ABC"
    assert NO_MATCH not in wrong.text


def test_hostile_values_get_a_message_and_never_a_status(tmp_path, key_pair):
    pages = PageClient(make_app(tmp_path, key_pair, WTF_CSRF_ENABLED=False).test_client())
    for payload in HOSTILE:
        page = pages.post(STATUS, {"referens": payload, "kod": payload}, status=200)
        assert page.title.startswith("Fel: ")
        assert "\x00" not in page.text
        assert "<script>" not in page.text and "<img" not in page.text


def test_the_status_page_is_never_cached(app, citizen):
    reference, code = sent(citizen)
    form = citizen.get(STATUS)
    response = citizen.client.post(
        STATUS, data={"csrf_token": form.csrf, "referens": reference, "kod": code}
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_missing_csrf_token_gets_the_swedish_400_page(citizen):
    reference, code = sent(citizen)
    page = citizen.post(STATUS, {"referens": reference, "kod": code}, status=400)
    assert "Något gick fel med det du skickade" in page.text
    assert RECEIVED.public not in page.text


def test_guessing_is_rate_limited_with_the_swedish_429_page(tmp_path, key_pair):
    app = make_app(
        tmp_path,
        key_pair,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STATUS="2 per minute",
        WTF_CSRF_ENABLED=False,
    )
    pages = PageClient(app.test_client())
    guess = {"referens": "ABCD2345", "kod": "ABCDEFGHJK"}
    for _ in range(2):
        assert NO_MATCH in pages.post(STATUS, guess, status=200).text
    page = pages.post(STATUS, guess, status=429)
    assert "För många försök" in page.text
    pages.get(STATUS)  # reading the page is not a guess


def test_the_status_page_works_under_the_e_service_prefix(citizen, app):
    reference, code = sent(citizen)
    mounted = MountedClient(app.test_client())
    form = mounted.get(f"{PREFIX}{STATUS}")
    assert form.action == f"{PREFIX}{STATUS}"
    data = {"csrf_token": form.csrf, "referens": reference, "kod": code}
    page = mounted.post(form.action, data, status=200)
    assert RECEIVED.public in page.text
    assert f'href="{PREFIX}{STATUS}"' in page.text
