"""The form and its check page say what is kept and for how long, worked out from the one
number in site.yaml (`gallras_manader`) as the privacy page is, and link to that page."""

from __future__ import annotations

import pytest

from tests.support.form_pages import fill_in
from tests.support.journey_answers import FAMILY, FOR_MYSELF

PRIVACY_LINK = 'href="/om-webbplatsen/personuppgifter/"'


@pytest.mark.parametrize(
    ("path", "answers", "kind"),
    [
        ("/intresseanmalan/kontaktfamilj/", FAMILY, "intresse-kontaktfamilj"),
        ("/ansokan/kontaktperson/", FOR_MYSELF, "ansokan-kontaktperson"),
    ],
)
def test_the_first_step_and_the_check_page_say_how_long_answers_are_kept(
    app, citizen, path, answers, kind
):
    months = app.extensions["site_config"].data["e_tjanster"]["formular"][kind]["gallras_manader"]
    retention = f"{months} månader efter senaste ändring"
    first = citizen.follow(citizen.get(path, status=302))
    check = fill_in(citizen, path, answers)
    for page in (first, check):
        assert f"Det sparas {retention}." in page.text
        assert PRIVACY_LINK in page.text
