"""The columns sealed with the submission key pair, and which key sealed each row.

Three columns depend on the staff side's private key: the answers, the case
officers' notes and the staff accounts' TOTP secrets. (Drafts and the outbox's
receipt addresses are locked with the public service's own `DRAFT_KEY` instead, and
never leave it.) A key rotation counts these rows per key id (`form-service keys
status`) and re-seals the old ones in batches (`form-service keys rewrap`), with a
compare-and-set, so a row changed or deleted meanwhile is left as it is.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Update, bindparam, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from form_service.storage.models import StaffUser, Submission, SubmissionNote


@dataclass(frozen=True)
class SealedColumn:
    """A sealed column and the column beside it that names its key."""

    one: str  # Swedish singular and plural, as the commands say them
    name: str
    model: type
    data: InstrumentedAttribute
    key: InstrumentedAttribute

    def _needing(self, current_id: str) -> Any:
        return self.data.is_not(None), or_(self.key.is_(None), self.key != current_id)


SEALED = (
    SealedColumn("ärende", "ärenden", Submission, Submission.sealed_answers, Submission.key_id),
    SealedColumn(
        "anteckning",
        "anteckningar",
        SubmissionNote,
        SubmissionNote.sealed_text,
        SubmissionNote.key_id,
    ),
    SealedColumn(
        "tvåstegshemlighet",
        "tvåstegshemligheter",
        StaffUser,
        StaffUser.totp_sealed,
        StaffUser.totp_key_id,
    ),
)


@dataclass(frozen=True)
class SealedRow:
    id: int
    key_id: str | None
    sealed: bytes


def counts_by_key(session: Session, column: SealedColumn) -> dict[str | None, int]:
    """How many rows each key id sealed (None: sealed before key ids were recorded)."""
    query = select(column.key, func.count()).where(column.data.is_not(None)).group_by(column.key)
    return {key: count for key, count in session.execute(query)}


def count_needing(session: Session, column: SealedColumn, current_id: str) -> int:
    """Rows not (known to be) sealed with the current key."""
    query = select(func.count()).select_from(column.model).where(*column._needing(current_id))
    return session.scalar(query) or 0


def next_batch(
    session: Session, column: SealedColumn, current_id: str, after: int, size: int
) -> list[SealedRow]:
    """The next `size` rows after id `after` that the current key did not seal."""
    id_column = column.model.id
    query = (
        select(id_column, column.key, column.data)
        .where(id_column > after, *column._needing(current_id))
        .order_by(id_column)
        .limit(size)
    )
    return [SealedRow(*found) for found in session.execute(query)]


def reseal(
    session: Session, column: SealedColumn, row: SealedRow, sealed: bytes, new_key_id: str
) -> bool:
    """Store the row sealed anew, if it is still as it was read; whether it was."""
    statement = _reseal_statement(column, legacy=row.key_id is None)
    values = {"row_id": row.id, "old_key": row.key_id, "old_data": row.sealed}
    result = session.connection().execute(
        statement, {**values, "new_data": sealed, "new_key": new_key_id}
    )
    return result.rowcount == 1


@functools.cache
def _reseal_statement(column: SealedColumn, *, legacy: bool) -> Update:
    """One Core statement per column, built once: a batch runs it for every row."""
    table = column.model.__table__
    data, key = table.c[column.data.key], table.c[column.key.key]
    key_unchanged = key.is_(None) if legacy else key == bindparam("old_key")
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"), key_unchanged, data == bindparam("old_data"))
        .values({data: bindparam("new_data"), key: bindparam("new_key")})
    )
