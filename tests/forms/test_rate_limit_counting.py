"""Rate limits in one process's memory (`memory://`): every hit counted, no thread started.

`limits`' memory storage started a timer thread on every hit to free old counters,
about a sixth of a form page's CPU; ours frees them during a hit instead. What the
limits mean must not change: the same count per window, and a new window after it,
the same pages counted, and the same counters (their keys) in a shared Redis.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import redis

from tests.support.form_pages import make_app
from tests.support.local_services import redis_url

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


def test_the_default_limit_counts_each_page_per_address_and_a_view_s_own_replaces_it(
    tmp_path, key_pair
):
    """RATELIMIT_DEFAULT on every page, counted per page; the check page's GET has the
    default, its POST (sending) its own limit instead; static files and the health
    checks are not counted; another address has its own count."""
    app = make_app(
        tmp_path,
        key_pair,
        RATELIMIT_ENABLED=True,
        RATELIMIT_DEFAULT="3 per minute",
        RATELIMIT_SUBMIT="2 per minute",
        WTF_CSRF_ENABLED=False,
    )
    client = app.test_client()
    assert [client.get(CHECK_PAGE).status_code for _ in range(4)] == [302, 302, 302, 429]
    refused = client.get(CHECK_PAGE)
    assert "För många försök" in refused.get_data(as_text=True)
    assert [send(client) for _ in range(3)] == [302, 302, 429]
    assert client.get("/ansokan/kontaktperson/").status_code == 302  # another page
    for _ in range(5):
        with client.get("/static/site.css") as stylesheet:
            assert stylesheet.status_code == 200
        assert client.get("/healthz").status_code == 200
    other = {"REMOTE_ADDR": "192.0.2.7"}
    assert client.get(CHECK_PAGE, environ_overrides=other).status_code == 302


@pytest.mark.redis
def test_the_counters_in_redis_keep_their_keys(tmp_path, key_pair):
    """A limit's counter is `LIMITER/<prefix>/<address>/<endpoint>/<amount>/<n>/<unit>`
    (under `limits`' own `LIMITS:`), as Flask-Limiter named it: workers of the previous
    version share the counts."""
    prefix = f"test-{uuid.uuid4().hex}"
    app = make_app(
        tmp_path,
        key_pair,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=redis_url(),
        RATELIMIT_KEY_PREFIX=prefix,
        RATELIMIT_DEFAULT="300 per minute",
        RATELIMIT_SUBMIT="20 per hour;5 per minute",
        WTF_CSRF_ENABLED=False,
    )
    client = app.test_client()
    client.get(CHECK_PAGE)
    send(client)
    send(client)
    counters = redis.Redis.from_url(redis_url())
    keys = counters.keys(f"LIMITS:LIMITER/{prefix}/*")
    found = {key.decode(): int(counters.get(key)) for key in keys}
    if keys:
        counters.delete(*keys)
    assert found == {
        f"LIMITS:LIMITER/{prefix}/127.0.0.1/forms.check/300/1/minute": 1,
        f"LIMITS:LIMITER/{prefix}/127.0.0.1/forms.check/5/1/minute": 2,
        f"LIMITS:LIMITER/{prefix}/127.0.0.1/forms.check/20/1/hour": 2,
    }
