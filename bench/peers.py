"""The builders we compare against, installed apart from the project's own environment."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PEERS_VENV = BENCH_DIR / ".peers-venv"
PEER_PACKAGES = ["pelican", "markdown", "mkdocs"]


def ensure_peers() -> Path:
    """A separate virtual environment with Pelican and MkDocs; its bin folder."""
    bin_dir = PEERS_VENV / "bin"
    if not (bin_dir / "pelican").exists() or not (bin_dir / "mkdocs").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        pip = [str(bin_dir / "pip"), "install", "--quiet", *PEER_PACKAGES]
        subprocess.run(pip, check=True)
    return bin_dir


def peer_commands(bin_dir: Path, sources: dict[str, Path]) -> dict[str, tuple[list[str], Path]]:
    """Each peer's full-build command and the folder it runs in."""
    commands = {
        "Pelican": (
            [str(bin_dir / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output", "-q"],
            sources["pelican"],
        ),
        "MkDocs (with its search index)": (
            [str(bin_dir / "mkdocs"), "build", "--quiet", "--site-dir", "site"],
            sources["mkdocs"],
        ),
    }
    hugo = shutil.which("hugo")
    if hugo and "hugo" in sources:
        commands["Hugo"] = ([hugo, "--quiet", "--destination", "public"], sources["hugo"])
    return commands


def clean_outputs(sources: dict[str, Path]) -> None:
    for folder, output in (("pelican", "output"), ("mkdocs", "site"), ("hugo", "public")):
        if folder in sources:
            shutil.rmtree(sources[folder] / output, ignore_errors=True)
