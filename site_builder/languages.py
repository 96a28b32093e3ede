"""The site's languages: Swedish at the root, each other variant in a folder of its own.

`site.yaml` lists the variants under `sprak` (lättläst, English, Arabic …). A page's
variant is the folder it lives in: `content/en/kontakt/index.md` is English, and
anything outside a variant folder is ordinary Swedish. Lättläst is Swedish
(`lang="sv"`) but a variant of its own, so languages are told apart by their folder
(their key), not by their language code.
"""

from __future__ import annotations

from dataclasses import dataclass

# Languages whose script most systems' default fonts draw poorly, and the stylesheet in
# static/ that brings a shipped open-licence font subset for it (only on their pages).
FONT_STYLESHEETS = {
    "ar": "fonts/arabic.css",
    "prs": "fonts/arabic.css",
    "ti": "fonts/ethiopic.css",
}
SWEDISH_KEY = ""  # ordinary Swedish lives at the root of content/
VERSION_LENGTH = 8  # hex digits of a source version: short enough to type, long enough to differ


@dataclass(frozen=True)
class Language:
    """One language variant of the site, as `site.yaml` describes it."""

    key: str  # the folder under content/ ('' for ordinary Swedish)
    code: str  # BCP 47 language code for lang and hreflang (sv, en, ar, prs …)
    name: str  # the language's name in itself, as the language menu shows it
    direction: str  # 'ltr' or 'rtl'
    unreviewed_note: str  # shown on translations nobody has checked yet, in this language

    @property
    def start_url(self) -> str:
        return f"/{self.key}/" if self.key else "/"

    @property
    def font_stylesheet(self) -> str | None:
        return FONT_STYLESHEETS.get(self.code)

    @property
    def search_url(self) -> str:
        return f"/{self.key}/sok/" if self.key else "/sok/"

    @property
    def is_swedish_variant(self) -> bool:
        """Lättläst and the like: Swedish, so no hreflang of their own beside ordinary Swedish."""
        return bool(self.key) and self.code == "sv"


SWEDISH = Language(SWEDISH_KEY, "sv", "Svenska", "ltr", "")


def language_of(source: str, variants: dict[str, Language]) -> Language:
    """The variant a page file belongs to: its top folder when that is a language's."""
    head, separator, _ = source.partition("/")
    if separator and head in variants:
        return variants[head]
    return SWEDISH
