"""Key rotation on the staff side: which rows need which key, and re-sealing them.

`form-service keys status` counts the sealed rows per key id; `form-service keys
rewrap` re-seals every row the current key did not seal, in batches of its own
transaction each, so it can be stopped at any moment (Ctrl+C, `kill`, a crash) and
run again: a batch is either committed whole or not at all, and the next run picks up
the rows still on an old key. Each committed batch writes one audit entry (how many
rows of which kind, from which key ids to which; never a reference or a person).
The procedure around it, and when the old key may go, is in docs/drift.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask

from form_service.core.clock import now
from form_service.core.crypto import CannotOpen
from form_service.core.keyring import LEGACY, Keyring
from form_service.staff import audit
from form_service.storage.db import begin_writing, session_scope
from form_service.storage.sealed import (
    SEALED,
    SealedColumn,
    count_needing,
    counts_by_key,
    next_batch,
    reseal,
)
from site_builder.progress import Progress, plural

REWRAP_ACTOR = "nyckelbyte"
BATCH_SIZE = 200


@dataclass
class Rewrapped:
    """What a run did to one column."""

    column: SealedColumn
    resealed: int = 0
    unopenable: Counter = field(default_factory=Counter)  # key id → rows it could not open


@dataclass
class Run:
    """What a run did, and whether it stopped before the end (a signal or `--limit`)."""

    columns: list[Rewrapped]
    stopped: bool = False

    @property
    def resealed(self) -> int:
        return sum(column.resealed for column in self.columns)

    @property
    def unopenable(self) -> int:
        return sum(sum(column.unopenable.values()) for column in self.columns)


@dataclass(frozen=True)
class KeyCount:
    """Rows of one column sealed with one key id, and what the keyring makes of it."""

    column: SealedColumn
    key_id: str | None
    rows: int
    state: str  # "nuvarande", "gammal", "saknas", "okänd" (legacy)


def status(app: Flask, ring: Keyring) -> list[KeyCount]:
    """Every (column, key id) with its number of rows, the current key's first."""
    found = []
    with session_scope(app) as db:
        for column in SEALED:
            counts = counts_by_key(db, column)
            for key in sorted(counts, key=lambda k: (k != ring.current_id, k is None, k or "")):
                found.append(KeyCount(column, key, counts[key], _state(ring, key)))
    return found


def _state(ring: Keyring, key: str | None) -> str:
    if key is LEGACY:
        return "okänd"
    if key == ring.current_id:
        return "nuvarande"
    return "gammal" if ring.holds(key) else "saknas"


def rewrap(
    app: Flask,
    ring: Keyring,
    progress: Progress,
    *,
    batch_size: int = BATCH_SIZE,
    limit: int | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> Run:
    """Re-seal with the current key what it did not seal, column by column.

    `limit` rows at most (then it stops, as if asked to); `stop` is asked before each
    batch. Rows whose key is not in the keyring are left as they are and counted.
    """
    ring.check()
    run = Run([])
    budget = limit
    with session_scope(app) as db:
        for column in SEALED:
            done = Rewrapped(column)
            run.columns.append(done)
            total = count_needing(db, column, ring.current_id)
            db.rollback()
            if budget is not None:
                total = min(total, budget)
            label = f"Förseglar om {plural(total, column.one, column.name)}"
            with progress.stage(label, total=total) as stage:
                after = 0
                while True:
                    if stop() or budget == 0:
                        run.stopped = True
                        break
                    size = batch_size if budget is None else min(batch_size, budget)
                    rows = next_batch(db, column, ring.current_id, after, size)
                    db.rollback()
                    if not rows:
                        break
                    after = rows[-1].id
                    done.resealed += _reseal_batch(db, column, ring, rows, done)
                    stage.advance(len(rows))
                    if budget is not None:
                        budget -= len(rows)
            if run.stopped:
                break
    return run


def _reseal_batch(db, column: SealedColumn, ring: Keyring, rows: list, done: Rewrapped) -> int:
    """Open and seal anew outside the write lock, then store the batch in one
    transaction with its audit entry; how many rows were stored."""
    resealed = []
    for row in rows:
        try:
            plaintext = ring.open(row.sealed, row.key_id)
        except CannotOpen:
            done.unopenable[row.key_id] += 1
            continue
        resealed.append((row, *ring.seal(plaintext)))
    if not resealed:
        return 0
    begin_writing(db)
    stored = Counter()
    for row, sealed, new_key in resealed:
        if reseal(db, column, row, sealed, new_key):
            stored[row.key_id or "utan nyckel-id"] += 1
    if stored:
        old = ", ".join(f"{key} ({count})" for key, count in sorted(stored.items()))
        audit.record(
            db,
            "omforseglade",
            actor=REWRAP_ACTOR,
            at=now(),
            detail=f"{sum(stored.values())} {column.name} från nyckel {old} till {ring.current_id}",
        )
    db.commit()
    return sum(stored.values())
