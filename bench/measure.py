"""Wall time and peak memory of a command and every process it starts.

Peak memory is the largest sum of resident memory over the whole process tree,
sampled every 50 ms from /proc: our builder forks workers, so the parent's own
peak alone would flatter it.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_mb: float
    timed_out: bool
    returncode: int


def measure(command: list[str], cwd: Path, timeout: float) -> Measurement:
    """Run `command` in `cwd`; stop it (and report a time-out) after `timeout` seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    timed_out = False
    while process.poll() is None:
        peak = max(peak, _tree_rss_kb(process.pid))
        if time.perf_counter() - started > timeout:
            process.kill()
            timed_out = True
            break
        time.sleep(0.05)
    process.wait()
    seconds = time.perf_counter() - started
    if process.returncode and not timed_out:
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    return Measurement(seconds, peak / 1024, timed_out, process.returncode)


def _tree_rss_kb(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total
