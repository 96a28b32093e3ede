"""Rate-limit counters in the worker's memory, without a thread per hit.

`limits`' own memory storage (`memory://`) frees expired counters from a
`threading.Timer` of 10 ms that it starts again on every hit that finds none
running: with requests further apart than that, every request started a thread,
about a sixth of a form page's CPU. This storage is the same in every other respect
(the same counters, windows and strategies, so the limits mean what they meant): a
counter past its window is already ignored when it is read, and the memory of
counters nobody uses any more is freed by a sweep during a hit, at most once every
`SWEEP_SECONDS`. Redis (`redis://`, as in production with several processes) is
not affected.
"""

from __future__ import annotations

import time

from limits.storage import MemoryStorage

SCHEME = "memory-lazy"
SWEEP_SECONDS = 10.0


class _AlwaysRunning:
    """Stands in for the storage's timer, so the storage never starts another one."""

    def is_alive(self) -> bool:
        return True

    def cancel(self) -> None:
        """Nothing runs, so there is nothing to stop."""


class LazyMemoryStorage(MemoryStorage):
    """`memory://` whose expired counters are swept during a hit, not by a thread."""

    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012 (limits' registry reads this class attribute)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()  # the one the parent started
        self.timer = _AlwaysRunning()  # type: ignore[assignment]
        self.next_sweep = time.monotonic() + SWEEP_SECONDS

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self._sweep_now_and_then()
        return super().incr(key, expiry, amount)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        self._sweep_now_and_then()
        return super().acquire_entry(key, limit, expiry, amount)

    def _sweep_now_and_then(self) -> None:
        now = time.monotonic()
        if now >= self.next_sweep:
            self.next_sweep = now + SWEEP_SECONDS
            self._MemoryStorage__expire_events()  # what the timer did, in this thread
