"""Keeping `site.yaml` current in the running e-services, without a restart.

Editors change a phone number in `content/site.yaml` and expect the forms to show
it. Each request first compares the file's stamp (modification time in nanoseconds
and size: one `stat`) with the one last read; only when it differs is the file read
and checked again. A file with faults is not taken into use: the service keeps the
last good configuration and says so in one log line, so a typo never takes the
e-services down.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import Flask

from form_service.core.retention import RetentionMissing, months_for
from site_builder.config import CONFIG_FILENAME, SiteConfig, load_site_config
from site_builder.errors import ContentError, ContentErrors

Stamp = tuple[int, int] | None


def load_checked_config(content_dir: Path) -> SiteConfig:
    """`site.yaml`, checked as the e-services need it: every form has a retention time."""
    config = load_site_config(content_dir)
    for kind in config.eservices:
        months_for(config, kind)
    return config


class SiteConfigReloader:
    """Replaces `app.extensions["site_config"]` when `site.yaml` has changed on disk."""

    def __init__(self, app: Flask, content_dir: Path) -> None:
        self.app = app
        self.content_dir = content_dir
        self.path = content_dir / CONFIG_FILENAME
        self.stamp = file_stamp(self.path)
        self._lock = threading.Lock()

    def install(self) -> None:
        self.app.before_request(self.refresh)

    def refresh(self) -> None:
        """Read the file again if its stamp changed since it was last read."""
        stamp = file_stamp(self.path)
        if stamp == self.stamp:
            return
        with self._lock:
            if stamp == self.stamp:
                return  # another thread read it meanwhile
            self.stamp = stamp
            try:
                config = load_checked_config(self.content_dir)
            except (ContentError, ContentErrors, RetentionMissing, OSError) as fault:
                summary = "; ".join(str(fault).splitlines())
                self.app.logger.warning(
                    "site.yaml har ändrats men har fel, den förra versionen gäller: %s", summary
                )
                return
            self.app.extensions["site_config"] = config
            self.app.logger.info("site.yaml har lästs in på nytt")


def file_stamp(path: Path) -> Stamp:
    """Modification time and size: a changed file almost always changes one of them."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
