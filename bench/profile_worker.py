"""gunicorn configuration for `request_cpu.py --profile`: cProfile in the worker.

Bench-only: the product has nothing profiler-related. The worker profiles itself,
counting CPU time of the process (not wall time, so waiting for the disk or for the
next request costs nothing), from the moment it is ready until it exits, and writes
the statistics to the file in `BENCH_PROFILE_OUT` for `request_cpu.py` to summarise.
"""

from __future__ import annotations

import cProfile
import os
import time

_profiler = cProfile.Profile(time.process_time)


def post_worker_init(_worker) -> None:
    _profiler.enable()


def worker_exit(_server, _worker) -> None:
    _profiler.disable()
    _profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])
