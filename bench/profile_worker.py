"""gunicorn configuration for `request_cpu.py --profile`: cProfile in the worker.

Bench-only: the product has nothing profiler-related. The worker profiles itself from
the moment it is ready until it exits and writes the statistics to the file in
`BENCH_PROFILE_OUT` for `request_cpu.py` to summarise. cProfile's own clock (wall
time) is used: a CPU-time clock costs a system call per function call and would
make call-heavy code look far more expensive than it is. The summary leaves out
gunicorn, whose wall time includes waiting for the next request.
"""

from __future__ import annotations

import cProfile
import os

_profiler = cProfile.Profile()


def post_worker_init(_worker) -> None:
    _profiler.enable()


def worker_exit(_server, _worker) -> None:
    _profiler.disable()
    _profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])
