"""Intresseanmälan – bli familjehem, through HTTP as a citizen meets it: the whole
journey, a partner's step only when there is a partner, the configured minimum age on
the step where the personnummer is given, the receipt and the status lookup.

The applicant's number is Skatteverket's example 811218-9876; on `TWENTY_TWO` its
owner is 22, old enough to volunteer, younger than `alder.familjehem_minst`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from form_service.core.clock import Clock
from tests.forms.test_status_lookup import look_up, sent
from tests.support.form_pages import fill_in, make_app, send
from tests.support.journey_answers import FOSTER_FAMILY
from tests.support.pages import PageClient

FORM = "/intresseanmalan/familjehem/"
TWENTY_TWO = dt.date(2004, 6, 1)


def test_a_family_sends_its_interest_and_the_familjehem_unit_is_its_contact(citizen, stored):
    first = citizen.follow(citizen.get(FORM, status=302))
    assert first.title.startswith("Om dig – Intresseanmälan – bli familjehem")
    assert "Det sparas 12 månader efter senaste ändring." in first.text
    assert "070-174 06 11" in first.text  # Familjehemsenheten's contact block
    check = fill_in(citizen, FORM, FOSTER_FAMILY)
    assert "Din partner" in check.text and "Sven" in check.text
    receipt = send(citizen, check)
    assert "Intresseanmälan är skickad" in receipt.text
    assert "familjehemsutredning" in receipt.text
    ((row, opened),) = stored()
    assert row.form_kind == "intresse-familjehem" and row.queue_position is None
    assert opened["partner"]["partner_personnummer"] == "19640823-3234"
    assert opened["onskemal"]["uppdrag"] == ["kortare", "langre"]


def test_without_a_partner_the_partner_step_is_skipped_and_not_stored(citizen, stored):
    alone = {**FOSTER_FAMILY, "om-dig": {**FOSTER_FAMILY["om-dig"], "partner": "nej"}}
    del alone["partner"]
    check = fill_in(citizen, FORM, alone)
    assert "Din partner" not in check.text
    send(citizen, check)
    ((_row, opened),) = stored()
    assert "partner" not in opened


def test_the_partner_consents_to_the_register_checks_too(citizen):
    fill_in(citizen, FORM, {"om-dig": FOSTER_FAMILY["om-dig"]})
    page = citizen.get(f"{FORM}steg/partner/")
    data = {**FOSTER_FAMILY["partner"], "partner_samtycke": "", "csrf_token": page.csrf}
    refused = citizen.post(page.action, data, status=200)
    assert refused.error_links == ["#partner_samtycke"]
    assert "Kryssa i att din partner samtycker till registerkontrollerna" in refused.text


@pytest.fixture
def twenty_two_year_old(tmp_path, key_pair):
    app = make_app(tmp_path, key_pair, CLOCK=Clock.on_day(TWENTY_TWO))
    ages = app.extensions["site_config"].ages
    assert ages["volontar_minst"] <= 22 < ages["familjehem_minst"]
    return PageClient(app.test_client()), ages


def test_a_22_year_old_is_told_the_minimum_age_where_the_personnummer_is_given(
    twenty_two_year_old, stored
):
    pages, ages = twenty_two_year_old
    about = pages.follow(pages.get(FORM, status=302))
    data = {"csrf_token": about.csrf, **FOSTER_FAMILY["om-dig"]}
    page = pages.post(about.action, data, status=200)
    assert page.title.startswith("Fel: Om dig")
    assert page.error_links == ["#personnummer"]
    assert f"Du måste vara minst {ages['familjehem_minst']} år för att bli familjehem" in page.text
    assert 'id="personnummer-error"' in page.text
    assert pages.get(FORM, status=302).location.endswith("/steg/om-dig/"), "not answered"
    assert stored() == []


def test_the_minimum_age_is_read_from_site_yaml(tmp_path, key_pair):
    """With `familjehem_minst` lowered to 20 in a copy of the content, the 22-year-old passes."""
    import shutil
    from pathlib import Path

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", content)
    config = content / "site.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  familjehem_minst: 25\n" in text
    config.write_text(text.replace("familjehem_minst: 25", "familjehem_minst: 20"), "utf-8")
    app = make_app(tmp_path, key_pair, CLOCK=Clock.on_day(TWENTY_TWO), CONTENT_DIR=str(content))
    pages = PageClient(app.test_client())
    about = pages.follow(pages.get(FORM, status=302))
    after = pages.post(about.action, {"csrf_token": about.csrf, **FOSTER_FAMILY["om-dig"]})
    assert after.location.endswith("/steg/partner/")


def test_the_status_lookup_shows_the_familjehem_submission(citizen):
    reference, code = sent(citizen, FORM, FOSTER_FAMILY)
    page = look_up(citizen, reference, code)
    assert "Intresseanmälan – bli familjehem" in page.text
    assert "Mottagen. Ingen handläggare har börjat med den än." in page.text
