"""How long a submission is kept: months after its last change, per form kind.

The months come from `site.yaml` (`e_tjanster.formular.<kind>.gallras_manader`),
beside the form itself, so the municipality sets them in one place. Every change a
case officer makes moves the date forward; `form-service purge` deletes what has
passed it.
"""

from __future__ import annotations

import calendar
import datetime as dt

from form_service.core.settings import ConfigurationError
from site_builder.config import SiteConfig


class RetentionMissing(ConfigurationError):
    """A form has no retention configured: refusing to guess how long to keep data."""


def months_for(config: SiteConfig, form_kind: str) -> int:
    service = config.eservices.get(form_kind)
    if service is None or service.gallras_manader is None:
        raise RetentionMissing(
            f"site.yaml: e_tjanster.formular.{form_kind}.gallras_manader saknas "
            "(hur många månader anmälan sparas efter senaste ändring)"
        )
    return service.gallras_manader


def retain_until(config: SiteConfig, form_kind: str, changed_on: dt.date) -> dt.date:
    return add_months(changed_on, months_for(config, form_kind))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
