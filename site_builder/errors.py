"""Content errors an editor can act on: which file, which line, what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class ContentError(Exception):
    """A fault in the content or configuration, reported as `file:line: message`."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """Every fault found in one pass, so an editor can fix them all at once."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (str(e.path), e.line or 0, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))
