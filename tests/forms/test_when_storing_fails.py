"""When storing fails the person sees a Swedish page saying nothing was sent, the log
holds no personal data, and the draft is still there to send again."""

from __future__ import annotations

import logging

from form_service.views import forms
from tests.support.form_pages import fill_in
from tests.support.journey_answers import FOR_MYSELF


def test_a_storage_failure_gets_the_swedish_500_page_and_can_be_sent_again(
    citizen, stored, monkeypatch, caplog
):
    check = fill_in(citizen, "/ansokan/kontaktperson/", FOR_MYSELF)
    data = {"csrf_token": check.csrf, "nyckel": check.field_value("nyckel")}

    def broken(*_args, **kwargs):
        raise RuntimeError(f"disk full while storing {kwargs['answers']}")

    real = forms.store_submission
    monkeypatch.setattr(forms, "store_submission", broken)
    with caplog.at_level(logging.DEBUG):
        page = citizen.post(check.action, data, status=500)
    assert "Dina uppgifter är inte skickade" in page.text
    assert "Traceback" not in page.text and "RuntimeError" not in page.text
    assert "Sven" not in caplog.text and "640823" not in caplog.text and "1964" not in caplog.text
    assert stored() == []

    monkeypatch.setattr(forms, "store_submission", real)
    receipt = citizen.follow(citizen.post(check.action, data))
    assert "Ansökan är skickad" in receipt.text
    assert len(stored()) == 1
