"""The staff side's notion of now: replaceable in tests (`NOW`), always UTC."""

from __future__ import annotations

import datetime as dt

from flask import current_app


def now() -> dt.datetime:
    return current_app.extensions["now"]()
