"""Times are stored in UTC; people read them in Swedish time.

Shared by the status page, the staff side and storage, since SQLite gives stored
times back without a zone and each of them must read those as UTC.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes; every time the service stores is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def local(moment: dt.datetime) -> dt.datetime:
    """As a person in Sweden reads it: a form sent at 00:30 in June arrived that day."""
    return as_utc(moment).astimezone(LOCAL_TIME)
