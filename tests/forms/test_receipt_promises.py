"""The receipt says what happens next, and promises nothing the social services have
not decided: no time within which they call, no order in which places are given. The
number it gives to call comes with the hours when someone answers."""

from __future__ import annotations

import pytest

from form_service.core.clock import Clock
from tests.support.form_pages import fill_in, make_app, send
from tests.support.journey_answers import CHILD_DAY, FAMILY, FOR_MYSELF, KONTAKTGRUPPEN, VOLUNTEER
from tests.support.pages import PageClient

UNSUPPORTED = (
    "oftast inom några veckor",
    "Platserna fördelas",
    "i den ordning ansökningarna kommer in",
)


@pytest.mark.parametrize(
    ("path", "answers", "day"),
    [
        ("/intresseanmalan/kontaktperson/", VOLUNTEER, None),
        ("/intresseanmalan/kontaktfamilj/", FAMILY, None),
        ("/ansokan/kontaktperson/", FOR_MYSELF, None),
        ("/ansokan/kontaktgruppen/", KONTAKTGRUPPEN, CHILD_DAY),  # the child's age fits
    ],
    ids=["intresse-kontaktperson", "intresse-kontaktfamilj", "ansokan", "kontaktgruppen"],
)
def test_the_receipt_promises_no_time_or_order(tmp_path, key_pair, path, answers, day):
    app = make_app(tmp_path, key_pair, **({"CLOCK": Clock.on_day(day)} if day else {}))
    pages = PageClient(app.test_client())
    receipt = send(pages, fill_in(pages, path, answers))
    assert "Vad händer nu?" in receipt.text
    found = [claim for claim in UNSUPPORTED if claim in receipt.text]
    assert not found, f"the receipt of {path} promises {found}"
    kommun = app.extensions["site_config"].data["kommun"]
    assert kommun["kundcenter_telefon"] in receipt.text
    assert f"Telefontid: {kommun['kundcenter_telefontid']}." in receipt.text
