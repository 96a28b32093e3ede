"""The staff side's notion of now: replaceable in tests (`NOW`), always UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app

LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def now() -> dt.datetime:
    return current_app.extensions["now"]()


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; every time the service stores is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def local(moment: dt.datetime) -> dt.datetime:
    """As case officers read it: Swedish time."""
    return as_utc(moment).astimezone(LOCAL_TIME)
