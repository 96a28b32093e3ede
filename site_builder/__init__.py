"""The information site: Markdown pages rendered by a Flask app and frozen to files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The site's Flask app (see `site_builder.app`).

    Imported on call, so that commands which never render (a rebuild with nothing
    changed, `check`) don't pay for importing Flask.
    """
    from site_builder.app import create_app as _create_app

    return _create_app(test_config)
