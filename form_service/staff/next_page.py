"""Where to go after logging in: only a page of this staff side, never another site.

The log-in page carries the page asked for in `?nasta=`. Browsers are generous with a
`Location`: they drop tabs and newlines, read a backslash as a slash, take `//host`
(and `/\\host`, `///host`) as another host, and strip leading spaces and control
characters; a proxy or a second decoding may turn `%2F` or `%5C` into one of those.
So rather than spotting the bad forms, the target must have the one good form: a
plain path of unreserved characters (no `%`, no backslash, nothing invisible) that
this app answers to with GET, and an optional query. Anything else falls back.
"""

from __future__ import annotations

import re

from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

# RFC 3986 path characters, minus '%' (no encoded forms) and ':' and '@' (no
# scheme- or userinfo-like look); one leading slash, not two.
_PATH = r"/(?!/)[A-Za-z0-9._~!$&'()*+,;=/-]*"
# The query may hold percent-encoding: it is sent back as a query and never changes
# the host a browser goes to.
_QUERY = r"(?:\?[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*)?"
_SAFE_TARGET = re.compile(_PATH + _QUERY)


def safe_next_page(target: str, routes: MapAdapter) -> str | None:
    """`target` when it is a page of this app (per `routes`), else None."""
    if len(target) > 2000 or not _SAFE_TARGET.fullmatch(target):
        return None
    path = target.split("?", 1)[0]
    try:
        routes.match(path, method="GET")
    except HTTPException:  # not found, not a page (POST only), or only with a redirect
        return None
    return target
