"""The golden site: the fixture content built and committed, to diff every build against.

Run `make golden` (`python -m tests.support.golden_site`) after a change to templates,
CSS or the builder that is meant to change the output, then review the diff of
`tests/golden/site` before committing. When a build differs unintended, the golden-site
test shows the unified diff (`changes`).
"""

from __future__ import annotations

import difflib
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


def changes(names: list[str], built: Path, golden: Path = GOLDEN_SITE) -> str:
    """What changed in each of these files, golden → built: a unified diff for a text
    file, a line saying so for a binary one; so a failing test shows the change itself."""
    parts = []
    for name in names:
        try:
            before = (golden / name).read_text(encoding="utf-8").splitlines(keepends=True)
            after = (built / name).read_text(encoding="utf-8").splitlines(keepends=True)
        except UnicodeDecodeError:
            parts.append(f"Binary file {name} differs\n")
            continue
        diff = difflib.unified_diff(before, after, f"golden/{name}", f"built/{name}")
        parts.append("".join(line if line.endswith("\n") else line + "\n" for line in diff))
    return "".join(parts)


if __name__ == "__main__":
    regenerate()
