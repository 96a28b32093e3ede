"""Form fields are written by our widgets (forms/widgets.py): the same HTML as WTForms'
own, without formatting each attribute through `string.Formatter`, which took about a
fifth of a form step's CPU."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup
from wtforms.widgets.core import html_params

from form_service.forms import widgets
from tests.support.form_pages import make_app

CSRF_TOKEN = re.compile(r'(?<=name="csrf_token" value=")[^"]+')


def every_step_page(app) -> list[str]:
    return [
        f"/{path}/steg/{step.slug}/"
        for path, flow in app.extensions["flows_by_path"].items()
        for step in flow.steps
    ]


def pages_seen(app) -> list[str]:
    """Every step of every form, empty and sent empty (every error shown); the CSRF
    token (new in each browser) left out."""
    client = app.test_client()
    seen = []
    for url in every_step_page(app):
        for response in (client.get(url), client.post(url, data={})):
            seen.append(CSRF_TOKEN.sub("", response.get_data(as_text=True)))
    return seen


def test_fields_are_written_as_wtforms_writes_them(tmp_path, key_pair, monkeypatch):
    app = make_app(tmp_path, key_pair, WTF_CSRF_ENABLED=False)
    ours = pages_seen(app)
    for widget in (widgets.TextInput, widgets.CheckboxInput, widgets.RadioInput):
        monkeypatch.setattr(widget, "html_params", staticmethod(html_params))
    assert pages_seen(app) == ours
    assert any('<input class="field__input"' in page for page in ours)


@pytest.mark.parametrize("step", ["om-dig", "for-vem", "intygande"])
def test_a_form_step_formats_no_attribute_through_string_formatter(
    tmp_path, key_pair, monkeypatch, step
):
    app = make_app(tmp_path, key_pair, WTF_CSRF_ENABLED=False)
    client = app.test_client()
    url = f"/ansokan/kontaktperson/steg/{step}/"
    client.get(url)  # compiles the templates first
    formatted: list[str] = []
    original = Markup.format

    def counting_format(self, *args, **kwargs):
        formatted.append(str(self))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Markup, "format", counting_format)
    page = client.post(url, data={}).get_data(as_text=True)
    assert "field__error" in page
    assert formatted == []
