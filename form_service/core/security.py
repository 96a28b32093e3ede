"""What every response and request goes through: headers, CSRF, rate limits, size."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

from form_service.core import rate_limit_memory
from form_service.core.rate_limits import RateLimits
from form_service.core.security_headers import security_headers
from form_service.core.settings import public_settings

csrf = CSRFProtect()
limiter = RateLimits()


def init_app(app: Flask) -> None:
    _trust_proxies(app)
    csrf.init_app(app)
    _count_in_memory_without_threads(app)
    limiter.init_app(app, _default_limit)  # after CSRF: a refused POST is not counted
    app.after_request(_security_headers)


def _default_limit() -> str:
    """The limit on every page, read from the app serving the request (each app has
    its own `RATELIMIT_DEFAULT`)."""
    return public_settings().RATELIMIT_DEFAULT


def init_staff_app(app: Flask) -> None:
    """The staff side: the same headers and CSRF; its log-in has its own throttling."""
    _trust_proxies(app)
    csrf.init_app(app)
    app.after_request(_security_headers)


def _count_in_memory_without_threads(app: Flask) -> None:
    """`memory://` (the default, one process) is counted by `LazyMemoryStorage`: the
    same limits without the thread `limits` starts per hit (see `rate_limit_memory`)."""
    if app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = f"{rate_limit_memory.SCHEME}://"


def _trust_proxies(app: Flask) -> None:
    proxies = app.extensions["settings"].PROXY_COUNT
    if proxies:
        # Behind the web server: trust its X-Forwarded-For/-Proto, so limits count
        # per person (not per proxy) and HTTPS is recognised for HSTS and cookies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def _security_headers(response: Response) -> Response:
    response.headers.update(security_headers(secure=request.is_secure))
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response
