"""`site-builder build` says what it does: each stage with its counts, a bar on a terminal.

Through the command as an editor or the build server runs it: `main([...])` with
captured output (not a terminal, like a log or `make build` in CI), and a real
subprocess on a pseudo-terminal for the bar.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from site_builder import collect, freezer
from site_builder.cli import main
from tests.support.terminal import on_a_terminal

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STAGE_END = r" … klart \(\d+\.\d\d s\)\n"


def build(content_dir: Path, out: Path, *extra: str) -> int:
    return main(["build", "--content", str(content_dir), "--out", str(out), "--no-search", *extra])


def page_files(content_dir: Path) -> int:
    return len(list(content_dir.rglob("*.md")))


def written_files(out: Path) -> int:
    """Every file the build renders: one per URL (not the `.gz` copies, not the search index)."""
    return sum(
        1
        for path in out.rglob("*")
        if path.is_file() and path.suffix != ".gz" and "pagefind" not in path.relative_to(out).parts
    )


def compressed_files(out: Path) -> int:
    return sum(1 for path in out.rglob("*.gz"))


def test_each_stage_is_one_line_with_its_counts_when_not_a_terminal(content_dir, tmp_path, capsys):
    out = tmp_path / "site"
    assert build(content_dir, out) == 0
    captured = capsys.readouterr()
    pages, files = page_files(content_dir), written_files(out)
    lines = captured.err.splitlines(keepends=True)
    assert len(lines) == 4, captured.err
    assert re.fullmatch(f"Läser {pages} sidor{STAGE_END}", lines[0])
    assert re.fullmatch(f"Kontrollerar länkar i {pages} sidor{STAGE_END}", lines[1])
    assert re.fullmatch(f"Skriver {files} filer{STAGE_END}", lines[2])
    compressed = compressed_files(out)
    assert re.fullmatch(f"Komprimerar {compressed} filer \\(gzip\\){STAGE_END}", lines[3])
    assert re.fullmatch(
        f"Hela webbplatsen byggd från {pages} sidfiler: {files} filer skrivna, "
        r"0 oförändrade, 0 borttagna \(\d+\.\d\d s\)\.\n",
        captured.out,
    )


def test_no_carriage_return_or_terminal_codes_when_not_a_terminal(content_dir, tmp_path, capsys):
    assert build(content_dir, tmp_path / "site") == 0
    captured = capsys.readouterr()
    assert captured.err
    for text in (captured.err, captured.out):
        assert "\r" not in text
        assert "\x1b" not in text
        assert "[" not in text


def test_a_rebuild_counts_what_it_read_wrote_and_left_unchanged(content_dir, tmp_path, capsys):
    out = tmp_path / "site"
    assert build(content_dir, out) == 0
    total = written_files(out)
    page = content_dir / "kontakt" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Ring", "Mejla"), encoding="utf-8")
    capsys.readouterr()

    assert build(content_dir, out) == 0
    captured = capsys.readouterr()
    assert re.search(f"^Läser 1 ändrad sida{STAGE_END}", captured.err, re.M)
    assert re.search(f"^Skriver 1 fil{STAGE_END}", captured.err, re.M)
    assert re.search(f"^Komprimerar 1 fil \\(gzip\\){STAGE_END}", captured.err, re.M)
    summary = f"Ändringarna byggda från {page_files(content_dir)} sidfiler: 1 fil skriven, "
    assert captured.out.startswith(summary + f"{total - 1} oförändrade, 0 borttagna (")

    assert build(content_dir, out) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("Inget har ändrats sedan förra bygget (")


def test_a_build_on_every_core_reports_the_same_counts(content_dir, tmp_path, capsys, monkeypatch):
    """Large sites parse and render in worker processes; the bar must still reach the end."""
    monkeypatch.setattr(collect, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(freezer, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(freezer, "BATCH_SIZE", 3)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    out = tmp_path / "site"
    assert build(content_dir, out) == 0
    err = capsys.readouterr().err
    assert re.search(f"^Läser {page_files(content_dir)} sidor{STAGE_END}", err, re.M)
    assert re.search(f"^Skriver {written_files(out)} filer{STAGE_END}", err, re.M)


def test_quiet_prints_nothing_on_success(content_dir, tmp_path, capsys):
    out = tmp_path / "site"
    assert build(content_dir, out, "--quiet") == 0
    assert capsys.readouterr() == ("", "")
    assert (out / "index.html").is_file()


def test_content_errors_still_print_as_file_line_message_and_exit_1(
    content_dir, write_page, tmp_path, capsys
):
    write_page("kontakt/a.md", "title: A\ndescription: x\nupdated: 2026-01-01\nokänt: 1")
    out = tmp_path / "site"
    assert build(content_dir, out) == 1
    captured = capsys.readouterr()
    pages = page_files(content_dir)
    assert re.match(
        f"Läser {pages} sidor{STAGE_END}Kontrollerar länkar i {pages} sidor … avbrutet\n",
        captured.err,
    )
    assert "a.md:5: okänt fält 'okänt'" in captured.err
    assert captured.err.endswith("\n1 fel i innehållet. Inget har byggts om.\n")
    assert captured.out == ""
    assert not out.exists()


def test_quiet_still_prints_content_errors(content_dir, write_page, tmp_path, capsys):
    write_page("kontakt/a.md", "title: A\ndescription: x\nupdated: 2026-01-01\nokänt: 1")
    assert build(content_dir, tmp_path / "site", "--quiet") == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("content/kontakt/a.md:5: okänt fält 'okänt'")
    assert captured.err.endswith("\n1 fel i innehållet. Inget har byggts om.\n")
    assert captured.out == ""


def run_on_a_terminal(args: list[str]) -> tuple[int, str]:
    """`site-builder` on a pseudo-terminal: its exit code and output."""
    return on_a_terminal([sys.executable, "-m", "site_builder", *args], cwd=PROJECT_ROOT)


@pytest.mark.parametrize("search", [False, True], ids=["without-search", "with-search"])
def test_on_a_terminal_each_long_stage_draws_a_bar_redrawn_in_place(content_dir, tmp_path, search):
    out = tmp_path / "site"
    args = ["build", "--content", str(content_dir), "--out", str(out)]
    code, output = run_on_a_terminal(args if search else [*args, "--no-search"])
    assert code == 0, output
    pages, files = page_files(content_dir), written_files(out)
    assert f"\rLäser {pages} sidor [" in output
    assert re.search(rf"\rSkriver {files} filer \[=+\] {files}/{files}\x1b\[K", output)
    assert re.search(rf"\rSkriver {files} filer … klart \(\d+\.\d\d s\)\x1b\[K\r?\n", output)
    assert re.search(r"\rKomprimerar \d+ filer \(gzip\) \[", output)
    assert ("Sökindex (Pagefind) … klart" in output) == search
    assert f"Hela webbplatsen byggd från {pages} sidfiler: {files} filer skrivna" in output


def test_on_a_terminal_quiet_prints_nothing(content_dir, tmp_path):
    out = tmp_path / "site"
    args = ["build", "--content", str(content_dir), "--out", str(out), "--no-search", "-q"]
    assert run_on_a_terminal(args) == (0, "")
