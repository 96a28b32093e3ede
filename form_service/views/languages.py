"""Which language a page of the e-services is in, chosen by link and kept in the session.

A link with `?sprak=<key>` (a key of `sprak` in site.yaml: lattlast, en, ar, prs, so,
ti; `sv` for Swedish) chooses the language; the session remembers the key, so every
later step, the check page, the receipt and the status page keep it. The key is not
personal data and the session cookie is strictly necessary already. Only e-services
declared `translated` (and the status page) are offered in other languages; the rest
stay Swedish whatever was chosen. The catalogs are read once per process
(`form_service/core/i18n.py`): choosing costs a dictionary lookup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request, session
from markupsafe import Markup

from form_service.core import i18n
from form_service.core.i18n import gettext as _
from site_builder.filters import swedish_date, tel_href
from site_builder.languages import SWEDISH, Language
from site_builder.navigation import MenuItem, main_menu
from site_builder.site import FOOTER_PAGES
from site_builder.urls import url_for_source

PARAMETER = "sprak"
SESSION_KEY = "sprak"
SWEDISH_PARAMETER = "sv"


@dataclass(frozen=True)
class Link:
    """An entry's target in the language menu (the menu macro reads `.url`)."""

    url: str


def init_app(app: Flask) -> None:
    """Choose the language before each request. The templates' helpers come with the
    layout's context (`frame`), not as Jinja globals: every global makes each
    `{% import %}` of a macro file compare more names on every render."""
    app.before_request(choose)
    app.add_template_filter(_local_date, "local_date")


def choose() -> None:
    """Remember a language asked for by link; use the remembered one where offered."""
    if request.endpoint in (None, "static"):
        return
    asked = request.args.get(PARAMETER)
    if asked is not None:
        _remember(asked)
    key = session.get(SESSION_KEY, i18n.SWEDISH)
    if key and offered_here() and key in _variants():
        i18n.set_language(key)


def _remember(asked: str) -> None:
    if asked == SWEDISH_PARAMETER:
        session.pop(SESSION_KEY, None)
    elif asked in _variants() and asked in i18n.LANGUAGE_KEYS and session.get(SESSION_KEY) != asked:
        session[SESSION_KEY] = asked


def _variants() -> dict[str, Language]:
    return current_app.extensions["site_config"].variants


def offered_here() -> bool:
    """Whether this page is offered in every language: a translated e-service's pages
    and the status page."""
    if request.blueprint == "status":
        return True
    flow_path = (request.view_args or {}).get("flow_path")
    flow = current_app.extensions["flows_by_path"].get((flow_path or "").strip("/"))
    return bool(flow and flow.translated)


def frame(site_url: Any) -> dict[str, Any]:
    """What base.html shows around a page in the chosen language: `language` (lang,
    dir, font), the frame's words, that language's menu and footer, and the language
    menu, and the templates' helpers. Only the helpers for a page offered in Swedish only.
    Worked out once per page, language and site configuration: the layout keeps it
    (`_layout` in form_service/__init__.py), so a changed `site.yaml` shows at once."""
    if not offered_here():
        return TEMPLATE_HELPERS
    key = i18n.current_language()
    language = _variants().get(key) if key else None
    shown = language or SWEDISH
    content_dir = Path(current_app.extensions["settings"].CONTENT_DIR)
    words = _frame_words()
    found: dict[str, Any] = {
        **TEMPLATE_HELPERS,
        "ui": words,
        "language_menu": _language_menu(key),
        "easy_read_version": None,
        "footer_links": [
            (name, site_url(url)) for name, url in _footer_links(content_dir, shown.key)
        ],
    }
    if language is not None:
        found["language"] = language
    if language is not None and _has_pages(content_dir, language.key):
        # Its own start page, search and menu; a language whose pages are not written
        # yet keeps the Swedish ones rather than linking pages that do not exist.
        found["home_url"] = language.start_url
        found["search_url"] = language.search_url if language.code != "sv" else "/sok/"
        found["main_menu"] = [
            MenuItem(item.title, site_url(item.url))
            for item in _main_menu(content_dir, language.key)
        ]
    return found


def _frame_words() -> dict[str, str]:
    """The frame's words, from the e-services' catalogs (complete in every language)."""
    return {
        "skip_link": _("Till innehållet"),
        "search": _("Sök"),
        "main_menu": _("Huvudmeny"),
        "languages": _("Språk"),
        "contact": _("Kontakt"),
        "accessibility": _("Tillgänglighetsredogörelse"),
        "privacy": _("Personuppgifter"),
        "cookies": _("Kakor"),
    }


def _language_menu(current: str) -> list[tuple[Language, Link]]:
    """Every other language, named in itself, linking this page in it."""
    languages = [SWEDISH, *_variants().values()]
    others = {k: v for k, v in request.args.items() if k != PARAMETER}
    page = f"{request.script_root}{request.path}?{urlencode(others) + '&' if others else ''}"
    return [
        (language, Link(f"{page}{PARAMETER}={language.key or SWEDISH_PARAMETER}"))
        for language in languages
        if language.key != current and (not language.key or language.key in i18n.LANGUAGE_KEYS)
    ]


def _main_menu(content_dir: Path, key: str) -> list[MenuItem]:
    """The sections the language has pages for, as the site's menu in it lists them."""
    config = current_app.extensions["site_config"]
    return [
        MenuItem(item.title, f"/{key}{item.url}") for item in main_menu(content_dir / key, config)
    ]


def _has_pages(content_dir: Path, key: str) -> bool:
    """Whether the site has the language's start page."""
    return (content_dir / key / "index.md").is_file()


def _footer_links(content_dir: Path, key: str) -> list[tuple[str, str]]:
    """The footer's pages in the language where it has them, else the Swedish ones."""
    links = []
    for name, source in FOOTER_PAGES.items():
        translated = f"{key}/{source}" if key else source
        links.append(
            (name, url_for_source(translated if (content_dir / translated).is_file() else source))
        )
    return links


def _right_to_left() -> bool:
    key = i18n.current_language()
    language = _variants().get(key) if key else None
    return bool(language and language.direction == "rtl")


def _phone_text(number: str) -> Markup:
    """A phone number inside a sentence; on a right-to-left page isolated left to right."""
    if _right_to_left():
        return Markup('<bdi dir="ltr">%s</bdi>') % number
    return Markup("%s") % number


def _phone_link(number: str) -> Markup:
    href = tel_href(number)
    if _right_to_left():
        return Markup('<a href="tel:%s" dir="ltr">%s</a>') % (href, number)
    return Markup('<a href="tel:%s">%s</a>') % (href, number)


def _strong_code(code: str) -> Markup:
    """The one-time code, emphasised; isolated left to right on a right-to-left page."""
    if _right_to_left():
        return Markup('<strong class="code"><bdi dir="ltr">%s</bdi></strong>') % code
    return Markup('<strong class="code">%s</strong>') % code


def _in_swedish(text: str) -> Markup:
    """Swedish text from site.yaml (opening hours) on a page in another language,
    marked so that a screen reader pronounces it as Swedish."""
    if i18n.current_language() in (i18n.SWEDISH, "lattlast"):
        return Markup("%s") % text
    return Markup('<span lang="sv" dir="ltr">%s</span>') % text


def _link_to(url: str, text: str) -> Markup:
    return Markup('<a href="%s">%s</a>') % (url, text)


def _title_of(service: Any) -> str:
    """An e-service's title from site.yaml, in the page's language where the catalogs
    have it (the declarations mark the titles: `TITLE = N_(…)`)."""
    return _(service.titel)


def _local_date(day: dt.date) -> str:
    """A date as the page's language writes it ("23 november 2026" in Swedish)."""
    locale = i18n.babel_locale()
    if locale == "sv":
        return swedish_date(day)
    from babel.dates import format_date

    return format_date(day, format="long", locale=locale)


TEMPLATE_HELPERS = {
    "format_number": i18n.format_number,
    "phone_text": _phone_text,
    "phone_link": _phone_link,
    "strong_code": _strong_code,
    "link_to": _link_to,
    "in_swedish": _in_swedish,
    "title_of": _title_of,
}
