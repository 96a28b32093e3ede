"""The one clock both apps read: the moment in UTC, and today's date in Sweden.

Each app holds a `Clock` in `app.extensions["clock"]`; code asks `now()` or `today()`
here instead of the system, so a test can give an app its own (`CLOCK` in the test
configuration) and move it, rather than wait for a real day or minute to pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

from form_service.core.swedish_time import local


class Clock:
    """The moment from `moment` (the system's by default); today's date is the Swedish
    calendar day of that moment unless `day` gives one (a form test's fixed day)."""

    def __init__(
        self,
        moment: Callable[[], dt.datetime] | None = None,
        day: Callable[[], dt.date] | None = None,
    ) -> None:
        self._moment = moment or (lambda: dt.datetime.now(dt.UTC))
        self._day = day

    @classmethod
    def on_day(cls, day: dt.date) -> Clock:
        """A clock whose date stays `day`, for checks of age and send day."""
        return cls(day=lambda: day)

    def now(self) -> dt.datetime:
        return self._moment()

    def today(self) -> dt.date:
        return self._day() if self._day else local(self._moment()).date()


def install(app: Flask, test_config: dict[str, Any] | None) -> None:
    """The system's clock, or the one a test gives as `CLOCK`."""
    app.extensions["clock"] = (test_config or {}).get("CLOCK") or Clock()


def clock(app: Flask | None = None) -> Clock:
    return (app or current_app).extensions["clock"]


def now() -> dt.datetime:
    """The current app's moment, always in UTC."""
    return clock().now()


def today() -> dt.date:
    """The current app's date in Sweden."""
    return clock().today()
