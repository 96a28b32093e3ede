"""Rate limits in one process's memory (`memory://`): every hit counted, no thread started.

`limits`' memory storage started a timer thread on every hit to free old counters,
about a sixth of a form page's CPU; ours frees them during a hit instead. What the
limits mean must not change: the same count per window, and a new window after it.
"""

from __future__ import annotations

import threading
import time

from tests.support.form_pages import make_app

CHECK_PAGE = "/ansokan/kontaktperson/granska/"


def send(client) -> int:
    """A send from the check page: limited by RATELIMIT_SUBMIT (no draft, so a 302)."""
    return client.post(CHECK_PAGE, data={"nyckel": "x"}).status_code


def test_counting_hits_starts_no_thread(tmp_path, key_pair, monkeypatch):
    app = make_app(
        tmp_path,
        key_pair,
        RATELIMIT_ENABLED=True,
        RATELIMIT_SUBMIT="5 per minute",
        WTF_CSRF_ENABLED=False,
    )
    client = app.test_client()
    started: list[threading.Thread] = []
    original_start = threading.Thread.start

    def counting_start(thread: threading.Thread) -> None:
        started.append(thread)
        original_start(thread)

    monkeypatch.setattr(threading.Thread, "start", counting_start)
    statuses = []
    for _ in range(7):
        statuses.append(send(client))
        time.sleep(0.05)  # longer than limits' 10 ms timer: the old storage started a new one
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]
    assert started == []


def test_a_new_window_lets_the_address_in_again(tmp_path, key_pair):
    app = make_app(
        tmp_path,
        key_pair,
        RATELIMIT_ENABLED=True,
        RATELIMIT_SUBMIT="2 per second",
        WTF_CSRF_ENABLED=False,
    )
    client = app.test_client()
    assert [send(client) for _ in range(3)] == [302, 302, 429]
    time.sleep(1.2)
    assert send(client) == 302
