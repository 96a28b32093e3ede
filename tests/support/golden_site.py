"""The golden site: the fixture content built and committed, to diff every build against.

Run `make golden` after a change to templates, CSS or the builder that is meant to
change the output, then review the diff of `tests/golden/site` before committing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from site_builder.build import build_site

TESTS_DIR = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = TESTS_DIR / "fixtures" / "content"
GOLDEN_SITE = TESTS_DIR / "golden" / "site"


def build_fixture_site(out_dir: Path) -> None:
    """The fixture site without a search index (Pagefind's output is not byte-stable)."""
    build_site(FIXTURE_CONTENT, out_dir, search=False)


def regenerate() -> None:
    """Build into a scratch folder and copy only the site (not the build's own state)."""
    with tempfile.TemporaryDirectory() as scratch:
        built = Path(scratch) / "site"
        build_fixture_site(built)
        shutil.rmtree(GOLDEN_SITE, ignore_errors=True)
        # the gzip copies are the web server's, checked against the build itself
        shutil.copytree(built, GOLDEN_SITE, ignore=shutil.ignore_patterns("*.gz"))
    print(f"Golden site written to {GOLDEN_SITE}")


if __name__ == "__main__":
    regenerate()
