"""Which pages translate which, and whether a translation still matches its source.

A translated page names the Swedish page it translates (`translation_of`) and the
version of it that was translated (`source_version`). When the Swedish page changes,
its version changes and the translation is stale: `site-builder check` warns with
the line to update (`--strict` makes it an error), so a translator knows what to redo.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from site_builder.errors import ContentError
from site_builder.languages import SWEDISH_KEY, Language, language_of
from site_builder.pages import ParsedPage


class Translations:
    """Every page's language and its versions in other languages."""

    def __init__(self, pages: Iterable[ParsedPage], variants: dict[str, Language]) -> None:
        self.variants = variants
        self.groups: dict[str, dict[str, ParsedPage]] = defaultdict(dict)
        for page in pages:
            language = self.language(page)
            original = page.meta.translation_of if language.key else page.source
            if original is not None:
                self.groups[original].setdefault(language.key, page)

    def language(self, page: ParsedPage) -> Language:
        return language_of(page.source, self.variants)

    def versions(self, page: ParsedPage) -> dict[str, ParsedPage]:
        """The page in each language that has it, by language folder (itself included)."""
        original = page.meta.translation_of if self.language(page).key else page.source
        group = self.groups.get(original or "", {})
        if group.get(self.language(page).key) is not page:
            return {self.language(page).key: page}
        return group

    def original(self, page: ParsedPage) -> ParsedPage | None:
        """The Swedish page a translation translates (None for Swedish pages)."""
        return self.versions(page).get(SWEDISH_KEY) if self.language(page).key else None


def translation_errors(
    pages: Iterable[ParsedPage], by_source: Mapping[str, ParsedPage], variants, shown: Path
) -> list[ContentError]:
    """A translation must live in a language folder and translate an ordinary Swedish page."""
    errors = []
    seen: dict[tuple[str, str], str] = {}
    for page in pages:
        of = page.meta.translation_of
        if of is None:
            continue
        language = language_of(page.source, variants)
        problem = None
        if not language.key:
            folders = ", ".join(variants) or "inga språk finns i site.yaml under sprak"
            problem = f"en översättning ska ligga i ett språks mapp ({folders})"
        elif of not in by_source:
            problem = (
                f"translation_of: sidan '{of}' finns inte (skriv sökvägen från mappen content)"
            )
        elif language_of(of, variants).key:
            problem = f"translation_of: '{of}' är själv en översättning; ange den svenska sidan"
        elif (language.key, of) in seen:
            problem = (
                f"'{of}' har redan en översättning i {language.key}/: {seen[language.key, of]}"
            )
        seen.setdefault((language.key, of), page.source)
        if problem:
            errors.append(ContentError(shown / page.source, None, problem))
    return errors


def stale_translations(
    pages: Iterable[ParsedPage], by_source: Mapping[str, ParsedPage], shown: Path
) -> list[ContentError]:
    """Translations whose source page has changed since the version they translate."""
    warnings = []
    for page in pages:
        original = by_source.get(page.meta.translation_of or "")
        if original is None or page.meta.source_version == original.version:
            continue
        message = (
            f"översättningen är inaktuell: {page.meta.translation_of} har ändrats sedan "
            f"version {page.meta.source_version}. Översätt ändringarna och skriv sedan "
            f'source_version: "{original.version}"'
        )
        warnings.append(ContentError(shown / page.source, page.meta.version_line, message))
    return warnings
