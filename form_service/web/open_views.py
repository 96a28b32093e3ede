"""The mark for a view anyone may reach: the staff side's log-in pages and the health
checks of both apps, which show no data.

It lives below both apps so the shared health checks can carry it without importing
the staff side; the staff side's URL-map test lists which views may carry it.
"""

from __future__ import annotations

from collections.abc import Callable

OPEN = "alla"


def open_to_all(view: Callable) -> Callable:
    """For the log-in pages and the health checks only: the URL-map test lists which
    views may carry this."""
    view.staff_access = OPEN  # type: ignore[attr-defined]
    return view
