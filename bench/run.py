"""`make bench`: our site builder against Pelican and MkDocs (and Hugo when installed).

Prints wall time, pages per second, peak memory and the ratio to each peer, measured
in the same run on the same corpus, plus our incremental rebuilds. Results are also
written to bench/.work/results.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

from corpus import page_name, section_name, write_corpus
from measure import Measurement, measure
from peers import clean_outputs, ensure_peers, peer_commands

BENCH_DIR = Path(__file__).resolve().parent
WORK = BENCH_DIR / ".work"
REPEATS = 3


def ours(content: Path, out: Path, *search: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "site_builder",
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        *search,
    ]


def bench_size(size: int, timeout: float, skip: set[str]) -> dict:
    print(f"\n== {size} sidor: skriver korpusen …", flush=True)
    sources = write_corpus(WORK / f"corpus-{size}", size)
    content, out = sources["ours"], WORK / f"out-{size}" / "site"
    results: dict = {"pages": size, "full": {}, "incremental": {}}

    shutil.rmtree(out.parent, ignore_errors=True)
    results["full"]["Vår byggare (HTML och Pagefind-sökindex)"] = measure(
        ours(content, out), BENCH_DIR, timeout
    )
    shutil.rmtree(out.parent, ignore_errors=True)
    results["full"]["Vår byggare (HTML)"] = measure(
        ours(content, out, "--no-search"), BENCH_DIR, timeout
    )
    results["incremental"] = incremental(content, out, timeout)

    clean_outputs(sources)
    for name, (command, cwd) in peer_commands(ensure_peers(), sources).items():
        if name.split()[0].lower() in skip:
            continue
        print(f"   {name} …", flush=True)
        results["full"][name] = measure(command, cwd, timeout)
    return results


def incremental(content: Path, out: Path, timeout: float) -> dict[str, float]:
    """Medians of rebuilds into the same folder: nothing changed, a body edit, a title edit."""
    page = content / section_name(3) / f"{page_name(3)}.md"

    def median_of(change) -> float:
        times = []
        for round_number in range(REPEATS):
            change(round_number)
            times.append(measure(ours(content, out, "--no-search"), BENCH_DIR, timeout).seconds)
        return statistics.median(times)

    def edit_body(n: int) -> None:
        page.write_text(
            page.read_text(encoding="utf-8") + f"\nEn ny mening {n}.\n", encoding="utf-8"
        )

    def edit_title(n: int) -> None:
        text = page.read_text(encoding="utf-8").split("\n")
        text[1] = f"title: Ny titel {n}"
        page.write_text("\n".join(text), encoding="utf-8")

    return {
        "ingen ändring": median_of(lambda n: None),
        "en sidas text ändrad": median_of(edit_body),
        "en sidas titel ändrad": median_of(edit_title),
    }


def report(all_results: list[dict]) -> None:
    for results in all_results:
        size, full = results["pages"], results["full"]
        base = full["Vår byggare (HTML)"].seconds
        print(f"\n{size} sidor – hela bygget")
        print(f"  {'byggare':<44}{'tid (s)':>9}{'sidor/s':>9}{'minne (MB)':>12}{'kvot':>8}")
        for name, m in full.items():
            shown = f">{m.seconds:.0f}" if m.timed_out else f"{m.seconds:.2f}"
            ratio = m.seconds / base
            ratio_text = f"{'≥' if m.timed_out else ''}{ratio:.2f}×"
            print(
                f"  {name:<44}{shown:>9}{size / m.seconds:>9.0f}{m.peak_mb:>12.0f}{ratio_text:>8}"
            )
        print(f"{size} sidor – ombyggnad (median av {REPEATS})")
        for name, seconds in results["incremental"].items():
            print(f"  {name:<44}{seconds:>9.2f}")
    print("\nkvot = byggarens tid / vår tid (HTML): över 1 betyder att vår byggare är snabbare.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="antal sidor, kommaseparerat")
    parser.add_argument("--quick", action="store_true", help="bara 1 000 sidor")
    parser.add_argument("--timeout", type=float, default=900, help="tidsgräns per bygge (s)")
    parser.add_argument("--skip", default="", help="jämförelser att hoppa över, t.ex. mkdocs")
    args = parser.parse_args()
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    WORK.mkdir(exist_ok=True)
    skip = {name.strip().lower() for name in args.skip.split(",") if name.strip()}
    all_results = [bench_size(size, args.timeout, skip) for size in sizes]
    report(all_results)
    serialisable = [
        {**r, "full": {name: m.__dict__ for name, m in r["full"].items()}} for r in all_results
    ]
    (WORK / "results.json").write_text(
        json.dumps(serialisable, indent=2, ensure_ascii=False), encoding="utf-8"
    )


if __name__ == "__main__":
    main()


__all__ = ["Measurement"]
