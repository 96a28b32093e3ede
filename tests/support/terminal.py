"""Commands run on a pseudo-terminal, for the tests of what a person at a terminal sees
(progress bars redrawn with `\\r`), which a pipe never shows."""

from __future__ import annotations

import os
import select
import subprocess
import time
from pathlib import Path

HANG_SECONDS = 300  # only ends a hang; the commands take seconds


def on_a_terminal(
    command: list[str], environment: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[int, str]:
    """Run `command` with stdout and stderr on a pseudo-terminal 100 columns wide:
    its exit status and everything it wrote."""
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, cwd=cwd,
        env={**os.environ, **(environment or {}), "TERM": "xterm", "COLUMNS": "100"},
    )  # fmt: skip
    os.close(terminal)
    output = b""
    deadline = time.monotonic() + HANG_SECONDS
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(controller)
    return process.wait(timeout=60), output.decode("utf-8")
