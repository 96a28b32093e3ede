"""The e-services' languages: gettext catalogs, one per language, loaded once per process.

Swedish is the source: every message in the code and the templates is the Swedish
whole sentence (`_("Ange ditt förnamn")`), and a catalog in
`form_service/translations/<key>/LC_MESSAGES/messages.mo` gives it in another language.
The keys are those of `sprak` in `site.yaml` (lattlast, en, ar, prs, so, ti); lättläst
is Swedish with a catalog of its own. A request's language is chosen by the view layer
(`set_language`); without one, and on the staff side, which never chooses, every
message is the Swedish source.

Messages declared at import time (labels, hints, validator messages, step titles) are
`lazy_gettext` texts (`LazyText`): they become text in the language of the request that
shows them, and are the Swedish source to any code that uses them as a plain string.
Choosing a language costs a dictionary lookup; the catalogs are read on first use.
"""

from __future__ import annotations

import gettext as gettext_module
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask.globals import _cv_app
from markupsafe import Markup

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"
DOMAIN = "messages"
SWEDISH = ""  # ordinary Swedish, the source: no catalog

# Each language key (site.yaml's `sprak`) and the locale Babel knows it by. Dari has
# no CLDR data of its own: Afghan Persian (fa_AF) is the nearest, and the page still
# says lang="prs". Lättläst is Swedish.
BABEL_LOCALES: dict[str, str] = {
    SWEDISH: "sv",
    "lattlast": "sv",
    "en": "en",
    "ar": "ar",
    "prs": "fa_AF",
    "so": "so",
    "ti": "ti",
}
LANGUAGE_KEYS = tuple(key for key in BABEL_LOCALES if key)

# What the staff side (always Swedish) calls the language an applicant used.
SWEDISH_NAMES: dict[str, str] = {
    SWEDISH: "svenska",
    "lattlast": "lättläst svenska",
    "en": "engelska",
    "ar": "arabiska",
    "prs": "dari",
    "so": "somaliska",
    "ti": "tigrinska",
}

_NO_TRANSLATION = gettext_module.NullTranslations()
_STATE_KEY = "_form_language"  # on flask.g: (key, translations) of this request


def catalog_path(key: str, suffix: str = "po") -> Path:
    return TRANSLATIONS_DIR / key / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


@cache
def translations(key: str) -> gettext_module.NullTranslations:
    """The catalog of `key`, read once per process: the compiled .mo, or compiled in
    memory from the .po when a checkout has no .mo (nothing is written)."""
    if key not in LANGUAGE_KEYS:
        return _NO_TRANSLATION
    compiled = catalog_path(key, "mo")
    if compiled.exists():
        with compiled.open("rb") as file:
            return Translations(file, domain=DOMAIN)
    source = catalog_path(key)
    if not source.exists():
        return _NO_TRANSLATION
    return Translations(_compiled_in_memory(source), domain=DOMAIN)


def _compiled_in_memory(source: Path):
    import io

    with source.open("rb") as file:
        catalog = read_po(file, locale=BABEL_LOCALES.get(source.parts[-3], "sv"))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return buffer


def set_language(key: str) -> None:
    """Messages in this request (app context) come from `key`'s catalog from now on."""
    from flask import g

    setattr(g, _STATE_KEY, (key, translations(key) if key else _NO_TRANSLATION))


def current_language() -> str:
    """The key of this request's language: '' (Swedish) unless a view chose another."""
    return _state()[0]


_SWEDISH_STATE = (SWEDISH, _NO_TRANSLATION)


def _state() -> tuple[str, gettext_module.NullTranslations]:
    """This request's (key, catalog); Swedish outside a request or app context.

    Read from the app context's `g` without going through the `flask.g` proxy: a page
    asks this some thirty times.
    """
    context = _cv_app.get(None)
    if context is None:  # no app context: a command, an import-time use
        return _SWEDISH_STATE
    return context.g.__dict__.get(_STATE_KEY, _SWEDISH_STATE)


def gettext(message: str, **values: Any) -> str:
    """`message` in this request's language; named placeholders filled in (`%(name)s`)."""
    translated = _state()[1].gettext(message)
    return translated % values if values else translated


class LazyText(str):
    """A message declared at import time, translated each time it is shown.

    As a `str` it is the Swedish source, so Python code that compares, hashes, joins
    or serialises declarations (the staff side, exports, the export schema) works on
    the Swedish text as before; shown in a template (`__html__`), turned into text
    (`str()`, an f-string, `%s`) it is in the request's language.
    """

    __slots__ = ("values",)

    def __new__(cls, message: str, values: dict[str, Any]) -> LazyText:
        made = super().__new__(cls, message)
        made.values = values
        return made

    def __str__(self) -> str:
        return gettext(str.__str__(self), **self.values)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))

    def __reduce__(self) -> tuple:
        return (LazyText, (str.__str__(self), self.values))


def template_gettext(message: str, **values: Any) -> Markup:
    """`_()` in the templates: the translation as markup (translations are trusted, as
    with Jinja's own i18n extension), the values filled in escaped."""
    translated = Markup(_state()[1].gettext(message))  # noqa: S704 (our own catalogs)
    return translated % values if values else translated


def gettext_in(key: str, message: str, **values: Any) -> str:
    """`message` in the language `key`, outside any request (the receipt e-mail)."""
    translated = translations(key).gettext(message) if key else message
    return translated % values if values else translated


def lazy_gettext(message: str, **values: Any) -> LazyText:
    """`gettext` when the text is shown, not when it is declared (labels, messages)."""
    return LazyText(message, values)


def babel_locale() -> str:
    """The Babel locale of this request's language, for numbers and dates."""
    return BABEL_LOCALES.get(current_language(), "sv")


def format_number(number: int) -> str:
    """A whole number written as this request's language writes it (Arabic digits in
    Arabic, for example); Swedish and Latin-script languages as plain digits."""
    key = current_language()
    if key in (SWEDISH, "lattlast", "en", "so"):
        return str(number)
    from babel.numbers import format_decimal

    return format_decimal(number, locale=babel_locale())


def N_(message: str) -> str:
    """Marks a Swedish message for the catalogs where it is translated later, by
    `gettext(message)` (the personnummer's reasons, site.yaml's e-service titles)."""
    return message


_ = gettext
_l = lazy_gettext
