"""Progress of long work, on stderr: a line per stage, and a bar while it runs on a terminal.

A build of a large site, or an operator's command over many rows, can run for a
while; the person who started it should see which stage it is in and that it is
moving. On a terminal each stage with a total is one line redrawn with `\\r`; in a
log (not a terminal) each stage is one plain line, with no bar and no `\\r`, so logs
stay readable; quiet writes nothing at all. Errors are not this module's business:
commands print them as before.

    progress = Progress.for_terminal(quiet=args.quiet)
    with progress.stage(f"Läser {plural(23, 'sida', 'sidor')}", total=23) as stage:
        for page in pages:
            ...
            stage.advance()
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1
DEFAULT_COLUMNS = 80
CLEAR_TO_END = "\x1b[K"


def plural(count: int, one: str, many: str) -> str:
    """`1 sida`, `23 sidor`: the count with the Swedish word that goes with it."""
    return f"{count} {one if count == 1 else many}"


class Stage:
    """One stage under way; `advance` moves its bar (on a terminal) towards the total."""

    def __init__(self, stream: TextIO | None, label: str, total: int | None, bar: bool) -> None:
        self._stream = stream
        self._label = label
        self._total = total
        self._bar = bar and total is not None and total > 0
        self._done = 0
        self._drawn_at = 0.0
        self.started = time.perf_counter()

    def advance(self, count: int = 1) -> None:
        """Count `count` more items done; redraws the bar at most ten times a second."""
        self._done += count
        if not self._bar:
            return
        now = time.perf_counter()
        if now - self._drawn_at >= REDRAW_SECONDS or self._done >= (self._total or 0):
            self._drawn_at = now
            self._draw()

    def _begin(self) -> None:
        if self._stream is None:
            return
        if self._bar:
            self._drawn_at = time.perf_counter()
            self._draw()
        else:
            self._write(f"{self._label} … ")

    def _end(self, outcome: str) -> None:
        if self._stream is None:
            return
        seconds = time.perf_counter() - self.started
        text = f"{outcome} ({seconds:.2f} s)" if outcome == "klart" else outcome
        if self._bar:
            self._write(f"\r{self._label} … {text}{CLEAR_TO_END}\n")
        else:
            self._write(f"{text}\n")

    def _draw(self) -> None:
        total = self._total or 1
        done = min(self._done, total)
        counts = f"{done}/{total}"
        room = _columns(self._stream) - len(self._label) - len(counts) - 5
        width = min(BAR_WIDTH, room)
        if width < 10:
            self._write(f"\r{self._label} {counts}{CLEAR_TO_END}")
            return
        filled = width * done // total
        bar = "=" * filled + " " * (width - filled)
        self._write(f"\r{self._label} [{bar}] {counts}{CLEAR_TO_END}")

    def _write(self, text: str) -> None:
        if self._stream is not None:
            self._stream.write(text)
            self._stream.flush()


class Progress:
    """Where a command's stages are reported, and how: with a bar, as plain lines, or not."""

    def __init__(self, stream: TextIO | None, *, bar: bool = False) -> None:
        """`stream` None reports nothing (quiet); `bar` draws bars, for a terminal."""
        self._stream = stream
        self._bar = bar and stream is not None

    @classmethod
    def for_terminal(cls, *, quiet: bool = False, stream: TextIO | None = None) -> Progress:
        """Report on stderr: bars if it is a terminal, plain lines if not, nothing if quiet."""
        if quiet:
            return cls(None)
        stream = stream if stream is not None else sys.stderr
        return cls(stream, bar=_is_terminal(stream))

    @classmethod
    def silent(cls) -> Progress:
        """Report nothing: for callers that are not a command (tests, benchmarks)."""
        return cls(None)

    @contextmanager
    def stage(self, label: str, total: int | None = None) -> Iterator[Stage]:
        """Report `label … klart`; with a total, a bar on a terminal while it runs.

        A stage that raises ends its line with `avbrutet`, so the error the command
        prints next starts on a line of its own.
        """
        stage = Stage(self._stream, label, total, self._bar)
        stage._begin()
        try:
            yield stage
        except BaseException:
            stage._end("avbrutet")
            raise
        stage._end("klart")


def _is_terminal(stream: TextIO) -> bool:
    """A terminal that can redraw a line: not a pipe or file, and not TERM=dumb."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return interactive and os.environ.get("TERM") != "dumb"


def _columns(stream: TextIO | None) -> int:
    """The terminal's width, so the bar never wraps (which would defeat the `\\r`)."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns if stream else 0
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns if columns > 0 else DEFAULT_COLUMNS
