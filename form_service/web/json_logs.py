"""One line of JSON per request and per event, when `LOG_FORMAT=json`.

journald and log shippers read one JSON object per line without guessing at a format.
A request's line names its URL *rule* (`/<path:flow_path>/steg/<slug>/`), never the
concrete path or query string, which may carry a reference or a personnummer. Events
(the apps' and the libraries' log calls) carry the same `request_id` when they happen
inside a request, so one request's lines can be found together; an exception is named
by its class only, since a driver's message may quote the values it was given.
With `LOG_FORMAT=text` (the default) nothing here is installed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
import sys
import time

from flask import Flask, Response, current_app, g, has_app_context, has_request_context, request
from flask.logging import default_handler

from form_service.core.configuration import ConfigurationError

FORMATS = ("text", "json")
REQUEST_ID_HEADER = "X-Request-Id"
# Long enough that no personnummer (10 or 12 digits, maybe a dash) passes as an id.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
REQUEST_LOGGER = "form_service.requests"


class JsonLines(logging.Formatter):
    """A record as one JSON object: time, level, logger, message, app and request id."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_app_context():
            line["app"] = current_app.extensions.get("log_app_name")
        if has_request_context() and "request_id" in g:
            line["request_id"] = g.request_id
        line.update(getattr(record, "request_fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__
        return json.dumps(line, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the moment of writing (as journald, or a
    test's capture, sees it), not to the stream there was when the app was built."""

    def __init__(self) -> None:
        super().__init__()
        self.formatter = JsonLines()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def init_app(app: Flask, name: str) -> None:
    """Install JSON logging and the request log on `app` when `LOG_FORMAT=json`."""
    log_format = app.extensions["settings"].LOG_FORMAT
    if log_format not in FORMATS:
        raise ConfigurationError(f"LOG_FORMAT måste vara text eller json, inte {log_format!r}")
    if log_format != "json":
        return
    app.extensions["log_app_name"] = name
    _log_everything_as_json()
    app.logger.removeHandler(default_handler)
    app.logger.setLevel(logging.INFO)
    app.before_request(_start_request)
    app.after_request(_log_request)


def _log_everything_as_json() -> None:
    """One JSON handler on the root logger, so the libraries' loggers use it too; a
    second app in the same process replaces it rather than doubling every line."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)
    root.addHandler(StderrHandler())
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    logging.getLogger(REQUEST_LOGGER).setLevel(logging.INFO)


def _start_request() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else secrets.token_hex(16)
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    """The request's one line; also runs for error pages, after their handler."""
    request_id = g.get("request_id") or secrets.token_hex(16)
    started = g.get("request_started", time.perf_counter())
    response.headers[REQUEST_ID_HEADER] = request_id
    fields = {
        "request_id": request_id,
        "method": request.method,
        "rule": request.url_rule.rule if request.url_rule else None,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    logging.getLogger(REQUEST_LOGGER).info("request", extra={"request_fields": fields})
    return response
