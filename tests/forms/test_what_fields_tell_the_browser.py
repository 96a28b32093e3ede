"""What each step's HTML tells a browser and a screen reader, on every e-service:
which keyboard a field needs, which questions may be left empty, the way back to the
step before, and that "choose at least one" belongs to a group of checkboxes, not to
each box in it. Every step of every e-service is fetched and read as a tree.
"""

from __future__ import annotations

import pytest

from form_service.core.clock import Clock
from form_service.eservices import FLOWS
from tests.support.form_pages import TODAY, make_app
from tests.support.journey_answers import (
    CHILD_DAY,
    FAMILY,
    FOR_MYSELF,
    FOSTER_FAMILY,
    KONTAKTGRUPPEN,
    VOLUNTEER,
)
from tests.support.page_tree import Element, parse
from tests.support.pages import Page, PageClient

# Ansökan om kontaktperson for one's child: every step it has (FOR_MYSELF skips two).
FOR_MY_CHILD = {
    **FOR_MYSELF,
    "for-vem": {"for_vem": "barn"},
    "barnet": KONTAKTGRUPPEN["barnet"],
    "vardnad": KONTAKTGRUPPEN["vardnad"],
}
JOURNEYS = {
    # form path: (its flow, the answers, a day the example numbers are the right ages)
    "/intresseanmalan/kontaktperson/": ("intresse-kontaktperson", VOLUNTEER, TODAY),
    "/intresseanmalan/kontaktfamilj/": ("intresse-kontaktfamilj", FAMILY, TODAY),
    "/ansokan/kontaktperson/": ("ansokan-kontaktperson", FOR_MY_CHILD, CHILD_DAY),
    "/ansokan/kontaktgruppen/": ("ansokan-kontaktgruppen", KONTAKTGRUPPEN, CHILD_DAY),
    "/intresseanmalan/familjehem/": ("intresse-familjehem", FOSTER_FAMILY, TODAY),
}
# What a field's name says it holds, and the attribute that gives the right keyboard.
KEYBOARDS = {
    "personnummer": ("inputmode", "numeric"),
    "postnummer": ("inputmode", "numeric"),
    "telefon": ("type", "tel"),
    "epost": ("type", "email"),
}
OPTIONAL = " (frivilligt)"


def walk(tmp_path, key_pair, form: str) -> tuple[PageClient, list[tuple[str, Page]], Page]:
    """Every step of the form as it is first shown, answered in turn, and the check page."""
    _key, answers, day = JOURNEYS[form]
    pages = PageClient(make_app(tmp_path, key_pair, CLOCK=Clock.on_day(day)).test_client())
    page = pages.follow(pages.get(form, status=302))
    steps = []
    while "/granska/" not in page.action:
        slug = page.action.rstrip("/").rsplit("/", 1)[-1]
        steps.append((slug, page))
        page = pages.follow(pages.post(page.action, {"csrf_token": page.csrf, **answers[slug]}))
    return pages, steps, page


@pytest.fixture(params=list(JOURNEYS), ids=lambda form: JOURNEYS[form][0])
def journey(request, tmp_path, key_pair):
    form = request.param
    _pages, steps, check = walk(tmp_path, key_pair, form)
    assert {slug for slug, _ in steps} == set(JOURNEYS[form][1]), "every step was seen"
    return form, steps, check


def form_of(page: Page) -> Element:
    (form,) = parse(page.text).find_all("form", class_="form")
    return form


def label_of(form: Element, name: str) -> str:
    """The name a screen reader gives the question `name`: the legend of the group its
    controls are in, otherwise the <label> of its one control."""
    for fieldset in form.find_all("fieldset"):
        if fieldset.find_all(name=name):
            return fieldset.find_all("legend")[0].text()
    (control,) = form.find_all(name=name)
    (label,) = form.find_all("label", **{"for": control["id"]})
    return label.text()


def back_link(page: Page) -> str | None:
    links = [a["href"] for a in parse(page.text).find_all("a") if a.text() == "Tillbaka"]
    assert len(links) <= 1, links
    return links[0] if links else None


def test_fields_ask_for_the_keyboard_they_need(journey):
    form, steps, _check = journey
    seen = set()
    for slug, page in steps:
        for control in form_of(page).find_all("input"):
            for kind, (attribute, value) in KEYBOARDS.items():
                if kind in control.get("name", ""):
                    seen.add(kind)
                    assert control.get(attribute) == value, f"{slug}: {control.attrs}"
    assert {"personnummer", "telefon", "epost"} <= seen, form


def test_optional_questions_say_so_and_no_other(journey, app):
    """The questions the form classes declare optional, and only those, say "(frivilligt)"."""
    form, steps, _check = journey
    flow = FLOWS[JOURNEYS[form][0]]
    marked = set()
    for slug, page in steps:
        with app.test_request_context():
            fields = list(flow.step(slug).form(meta={"csrf": False}))
        html = form_of(page)
        for field in fields:
            label = label_of(html, field.name)
            assert label.endswith(OPTIONAL) == bool(field.flags.optional), f"{slug}: {label}"
            if label.endswith(OPTIONAL):
                marked.add(field.name)
    assert marked, f"{form} has optional questions (erfarenhet, epost, beskrivning …)"


def test_every_step_after_the_first_has_a_way_back(journey):
    _form, steps, check = journey
    back_links = [back_link(page) for _slug, page in [*steps, ("granska", check)]]
    step_urls = [page.action for _slug, page in steps]
    assert back_links == [None, *step_urls], "each step back to the one before, check to last"


def test_a_step_opened_from_the_check_page_leads_back_to_it(tmp_path, key_pair):
    pages, _steps, check = walk(tmp_path, key_pair, "/ansokan/kontaktgruppen/")
    changes = [a["href"] for a in parse(check.text).find_all("a") if a.text().startswith("Ändra")]
    assert changes
    for href in dict.fromkeys(changes):
        assert back_link(pages.get(href)) == check.action, href


def test_choose_at_least_one_is_said_by_the_group_not_by_each_box(journey):
    form, steps, _check = journey
    groups = 0
    for slug, page in steps:
        for fieldset in form_of(page).find_all("fieldset"):
            boxes = fieldset.find_all("input", type="checkbox")
            if len(boxes) < 2:
                continue
            groups += 1
            assert not [box["value"] for box in boxes if "required" in box.attrs], slug
            legend = fieldset.find_all("legend")[0].text()
            assert "(välj minst " in legend, f"{slug}: {legend}"
    if form != "/ansokan/kontaktperson/":
        assert groups, f"{form} has a choose-at-least-one group"
