"""Which submissions a list shows: the inbox's filters, spam, the queue, paging."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from form_service.core.swedish_time import LOCAL_TIME
from form_service.eservices.flows import Flow
from form_service.storage.models import Submission

NOBODY = ""


@dataclass(frozen=True)
class Filters:
    form_kind: str = ""
    status: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    spam: bool = False
    reference: str = ""
    assigned_to: str | None = None  # a user name, NOBODY, or None for anyone

    def query(self) -> Select:
        query = select(Submission).where(Submission.spam_suspected.is_(self.spam))
        if self.reference:
            query = query.where(Submission.reference == _plain_reference(self.reference))
        if self.assigned_to == NOBODY:
            query = query.where(Submission.assigned_to.is_(None))
        elif self.assigned_to:
            query = query.where(Submission.assigned_to == self.assigned_to)
        if self.form_kind:
            query = query.where(Submission.form_kind == self.form_kind)
        if self.status:
            query = query.where(Submission.status == self.status)
        if self.received_from:
            query = query.where(Submission.created_at >= _start_of(self.received_from))
        if self.received_to:
            next_day = self.received_to + dt.timedelta(days=1)
            query = query.where(Submission.created_at < _start_of(next_day))
        return query.order_by(Submission.created_at.desc(), Submission.id.desc())


@dataclass(frozen=True)
class Page:
    rows: list[Submission]
    number: int
    total: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def page_of(db: Session, filters: Filters, number: int, per_page: int) -> Page:
    query = filters.query()
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    number = min(max(1, number), max(1, -(-total // per_page)))
    rows = db.scalars(query.offset((number - 1) * per_page).limit(per_page)).all()
    return Page(list(rows), number, total, per_page)


def selection(db: Session, filters: Filters) -> list[Submission]:
    """Everything the filter matches, for an export (oldest first, as a case file reads)."""
    query = filters.query().order_by(None).order_by(Submission.created_at, Submission.id)
    return list(db.scalars(query))


def waiting_in_queue(db: Session, flow: Flow) -> list[Submission]:
    """An e-service's queue in order of arrival; a place is its index + 1."""
    if flow.queue is None:
        return []
    return list(
        db.scalars(
            select(Submission)
            .where(
                Submission.form_kind == flow.key,
                Submission.status.in_(flow.queue.waiting),
                Submission.spam_suspected.is_(False),
            )
            .order_by(Submission.queue_position)
        )
    )


def by_reference(db: Session, reference: str) -> Submission | None:
    return db.scalars(select(Submission).where(Submission.reference == reference.upper())).first()


def _plain_reference(text: str) -> str:
    """As read aloud over the phone: spaces, dashes and lower case do not matter."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _start_of(day: dt.date) -> dt.datetime:
    """Dates are the municipality's calendar (Swedish time); times are stored in UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL_TIME).astimezone(dt.UTC)
