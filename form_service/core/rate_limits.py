"""Limits per address: the default limit on every page, and a view's own on the methods
it names (sending a form, trying a status code).

The counting is `limits`' with the storage, strategy and keys that Flask-Limiter used
before this replaced it: `RATELIMIT_STORAGE_URI` (Redis when several processes serve,
so they share the counts), `RATELIMIT_STRATEGY` (fixed window), and for each limit the
key `LIMITER/[RATELIMIT_KEY_PREFIX/]<address>/<endpoint>/<amount>/<multiples>/<unit>`.
So each limit counts what it counted, and a worker of the version before shares its
counters with one of this version. As there, a view's own limit replaces the default
on the methods it names, the limits of a request are counted in order of their window
(shortest first) up to the first one that is exceeded, which gives a 429 page, and
`static` and exempt blueprints are not counted.

What Flask-Limiter spent per request beyond the count (working out again, for every
request, which of its kinds of limit applied) cost more than the count itself, a
tenth of a form page's CPU; here the limits are parsed once per app and setting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from flask import Flask, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import STRATEGIES, RateLimiter
from werkzeug.exceptions import TooManyRequests

View = TypeVar("View", bound=Callable)
LimitValue = Callable[[], str]  # read per request: each app has its own settings


@dataclass(frozen=True)
class ViewLimit:
    value: LimitValue
    methods: frozenset[str]


@dataclass(frozen=True)
class AppLimits:
    """One app's counting: its strategy on its storage, its prefix and default limit."""

    strategy: RateLimiter
    prefix: tuple[str, ...]
    default: LimitValue


class RateLimits:
    """The apps' limits; views and blueprints are marked once, at import."""

    def __init__(self) -> None:
        self._views: dict[Callable, ViewLimit] = {}
        self._exempt: set[str] = set()

    def init_app(self, app: Flask, default: LimitValue) -> None:
        """Count `default` (e.g. "300 per minute") on every page of `app`, unless
        `RATELIMIT_ENABLED` is false; the storage is made here, once per app."""
        config = app.config
        if not config.get("RATELIMIT_ENABLED", True):
            return
        storage = storage_from_string(
            config.get("RATELIMIT_STORAGE_URI") or "memory://",
            **config.get("RATELIMIT_STORAGE_OPTIONS", {}),
        )
        strategy = STRATEGIES[config.get("RATELIMIT_STRATEGY", "fixed-window")](storage)
        prefix = config.get("RATELIMIT_KEY_PREFIX", "")
        app.extensions["rate_limits"] = AppLimits(strategy, (prefix,) if prefix else (), default)
        app.before_request(self._count)

    def limit(self, value: LimitValue, methods: list[str]) -> Callable[[View], View]:
        """A view's own limit on `methods`, in place of the default on those."""

        def mark(view: View) -> View:
            self._views[view] = ViewLimit(value, frozenset(m.upper() for m in methods))
            return view

        return mark

    def exempt(self, blueprint) -> None:
        """No limit on this blueprint's views (the health checks)."""
        self._exempt.add(blueprint.name)

    def _count(self) -> None:
        endpoint = request.endpoint
        if not endpoint or endpoint.rsplit(".", 1)[-1] == "static":
            return
        if request.blueprint in self._exempt:
            return
        limits: AppLimits = current_app.extensions["rate_limits"]
        own = self._views.get(current_app.view_functions.get(endpoint))
        value = own.value if own and request.method in own.methods else limits.default
        address = request.remote_addr or "127.0.0.1"
        for item in _parsed(value()):
            if not limits.strategy.hit(item, *limits.prefix, address, endpoint):
                raise TooManyRequests()


@lru_cache(maxsize=64)
def _parsed(value: str) -> tuple[RateLimitItem, ...]:
    """ "20 per hour;5 per minute" as limits, shortest window first."""
    return tuple(sorted(parse_many(value)))
