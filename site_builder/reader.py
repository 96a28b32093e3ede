"""Reading stage: a Markdown file becomes its front matter and body, with line numbers.

Line numbers matter because every error an editor sees names the line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_builder.errors import ContentError
from site_builder.yaml_values import error_line, error_problem, load_node

FENCE = "---"


@dataclass(frozen=True)
class SourceFile:
    """A page file split into front matter and body, before any validation."""

    path: Path
    front_matter: dict[str, Any]
    key_lines: dict[str, int]
    body: str
    body_first_line: int


def read_source(path: Path, display_path: Path | None = None) -> SourceFile:
    """Split a page file; raise ContentError when the front matter cannot be read."""
    shown = display_path or path
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(shown, None, "filen är inte sparad som UTF-8") from None
    return split_source(text, shown)


def split_source(text: str, shown: Path) -> SourceFile:
    """Split text into front matter (between two `---` lines) and the Markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(shown, 1, "sidan ska börja med ett sidhuvud mellan två rader ---")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise ContentError(shown, 1, "sidhuvudet avslutas inte med en rad ---") from None
    header = "\n".join(lines[1:end])
    front_matter, key_lines = _parse_front_matter(header, shown)
    body = "\n".join(lines[end + 1 :])
    return SourceFile(shown, front_matter, key_lines, body, end + 2)


def _parse_front_matter(header: str, shown: Path) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        data, node = load_node(header)
    except yaml.YAMLError as exc:
        line = error_line(exc, 2) or 1
        message = f"sidhuvudet går inte att läsa ({error_problem(exc)})"
        raise ContentError(shown, line, message) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ContentError(shown, 2, "sidhuvudet ska bestå av rader med 'fält: värde'")
    key_lines = {str(key.value): key.start_mark.line + 2 for key, _ in node.value}
    return data, key_lines
