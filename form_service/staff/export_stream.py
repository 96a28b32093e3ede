"""An export of any size, read and written a batch at a time: constant memory, and a
time that grows with the rows and nothing else.

The selection is read in batches by its sort order (received, then id: keyset
paging, so each batch is one short indexed query however far into the export it
is); each batch's notes and history come in one query each, not one per submission;
each batch's audit entries are committed, in one transaction, before its rows are
sent, so every submission in the file has its entry and none that was never sent
does. Each batch's objects leave the session once written, so nothing accumulates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Protocol

from flask import current_app
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from form_service.staff import audit
from form_service.staff.casefile import DAMAGED, Answers, histories_of, notes_of, open_sealed
from form_service.staff.exports import AnswersInWords, Opened
from form_service.staff.settings import keyring
from form_service.storage.db import begin_writing
from form_service.storage.models import Submission

BATCH_SIZE = 500


class ExportFile(Protocol):
    def start(self) -> bytes: ...
    def rows(self, items: list[Opened]) -> bytes: ...
    def end(self) -> bytes: ...


def form_kinds_in(db: Session, query: Select) -> list[str]:
    """The selection's form kinds in the order they first appear (a CSV file's columns
    follow them), from one grouped query."""
    selected = query.order_by(None).subquery()
    found = db.execute(
        select(selected.c.form_kind, func.min(selected.c.created_at), func.min(selected.c.id))
        .group_by(selected.c.form_kind)
    ).all()  # fmt: skip
    return [kind for kind, _first, _id in sorted(found, key=lambda r: (str(r[1]), r[2]))]


def in_batches(db: Session, query: Select, size: int = BATCH_SIZE) -> Iterator[list[Submission]]:
    """The selection, oldest first, `size` rows a query."""
    ordered = query.order_by(None).order_by(Submission.created_at, Submission.id)
    after: tuple[dt.datetime, int] | None = None
    while True:
        batch = ordered
        if after is not None:
            at, last_id = after
            later = or_(
                Submission.created_at > at,
                and_(Submission.created_at == at, Submission.id > last_id),
            )
            batch = batch.where(later)
        rows = list(db.scalars(batch.limit(size)))
        if not rows:
            return
        after = (rows[-1].created_at, rows[-1].id)
        yield rows
        if len(rows) < size:
            return


def key_missing_in(db: Session, query: Select) -> bool:
    """Whether the selection holds a row sealed with a key the keyring lacks: its CSV
    file then has the "Kan inte öppnas" column, decided before the first byte."""
    selected = query.order_by(None).subquery()
    lacking = selected.c.key_id.is_not(None) & selected.c.key_id.not_in(keyring().ids())
    return db.scalar(select(select(selected.c.id).where(lacking).exists())) or False


def opened(
    db: Session, rows: list[Submission], titles: dict[str, str], words: AnswersInWords
) -> Iterator[Opened]:
    """Each row opened, or with the reason when its answers (or anything else about
    it) cannot be read: the file goes on with the next row."""
    notes, histories = notes_of(db, rows), histories_of(db, rows)
    for row in rows:
        title = titles.get(row.form_kind, row.form_kind)
        try:
            answers, language = open_sealed(row)
            unreadable = answers.unreadable
            in_words = [] if unreadable else words.rows(row.form_kind, answers)
        except Exception as problem:  # one row must never end the file
            current_app.logger.error(
                "submission %s could not be exported (%s)", row.reference, type(problem).__name__
            )
            answers, language, unreadable, in_words = Answers(), "", DAMAGED, []
        yield Opened(
            row, title, answers, language, notes[row.id], histories[row.id], in_words, unreadable
        )


def stream(
    make_session: Callable[[], Session],
    query: Select,
    export_file: ExportFile,
    *,
    actor: str | None,
    at: dt.datetime,
    detail: str,
) -> Iterator[bytes]:
    """The file's bytes, a batch at a time, on a session of its own (the request's
    transaction has ended before the first byte goes); each batch logged before it is
    sent."""
    db = make_session()
    words = AnswersInWords()
    try:
        yield export_file.start()
        for rows in in_batches(db, query):
            chunk = export_file.rows(list(opened(db, rows, _titles(), words)))
            references = [row.reference for row in rows]
            begin_writing(db)
            audit.record_many(
                db, "exporterade", actor=actor, at=at, references=references, detail=detail
            )
            db.commit()
            db.expunge_all()
            yield chunk
        yield export_file.end()
    finally:
        db.close()


def _titles() -> dict[str, str]:
    services = current_app.extensions["site_config"].eservices
    return {key: service.titel for key, service in services.items()}
