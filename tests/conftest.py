"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge answers, never speed: no deadline and no "too slow" health
# check, which a loaded machine would fail; a fixed number of examples each.
settings.register_profile(
    "suite", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("suite")

# The test SMTP servers (aiosmtpd) give up after 5 s if their thread has not started,
# which a loaded machine can exceed: wait longer (it only ends a hang).
os.environ.setdefault("AIOSMTPD_CONTROLLER_TIMEOUT", "60")

TESTS_DIR = Path(__file__).resolve().parent
FIXTURE_CONTENT = TESTS_DIR / "fixtures" / "content"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture content that a test may change."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture
def write_page(content_dir: Path):
    """Write a page into `content_dir` from its front matter lines and body."""

    def write(relative: str, front_matter: str, body: str = "Text.") -> Path:
        path = content_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front_matter.strip()}\n---\n{body}\n", encoding="utf-8")
        return path

    return write
