"""`site-builder build | serve | check`: the editor's and the build server's commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_builder.errors import ContentError, ContentErrors
from site_builder.progress import plural

DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("build/site")


def main(argv: list[str] | None = None) -> int:
    """Run one command; content faults print as `file:line: message` and exit 1."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except ContentErrors as faults:
        _print_faults(faults.errors)
        return 1
    except ContentError as fault:
        _print_faults([fault])
        return 1


def _build(args: argparse.Namespace) -> int:
    from site_builder.build import build_site
    from site_builder.progress import Progress

    progress = Progress.for_terminal(quiet=args.quiet)
    report = build_site(args.content, args.out, search=not args.no_search, progress=progress)
    if not args.quiet:
        _print_warnings(list(report.warnings))
        print(report.summary())
        _print_warning_count(list(report.warnings))
    return 0


def _check(args: argparse.Namespace) -> int:
    from site_builder.build import check_content

    site = check_content(args.content)
    if args.strict and site.warnings:
        _print_faults(site.warnings)
        return 1
    _print_warnings(site.warnings)
    print(f"Inga fel hittades ({len(site.pages)} publicerade sidor).")
    _print_warning_count(site.warnings)
    return 0


def _print_warnings(warnings: list[ContentError]) -> None:
    for warning in warnings:
        print(_as_warning(warning), file=sys.stderr)


def _print_warning_count(warnings: list[ContentError]) -> None:
    """The count after the summary, so it is the last thing an editor sees."""
    if warnings:
        what = "en översättning" if len(warnings) == 1 else "översättningar"
        print(f"{plural(len(warnings), 'varning', 'varningar')}: {what} att uppdatera.")


def _as_warning(warning: ContentError) -> str:
    """`file:line: varning: …`: the same place an error names, but the build goes on."""
    where = f"{warning.path}:{warning.line}" if warning.line else f"{warning.path}"
    return f"{where}: varning: {warning.message}"


def _serve(args: argparse.Namespace) -> int:
    from site_builder import create_app

    app = create_app({"CONTENT_DIR": str(Path(args.content).resolve())})
    print(f"Förhandsvisning på http://127.0.0.1:{args.port}/ – avsluta med Ctrl+C.")
    app.run(host="127.0.0.1", port=args.port, debug=False, use_reloader=False)
    return 0


def _print_faults(faults: list[ContentError]) -> None:
    for fault in faults:
        print(fault, file=sys.stderr)
    print(f"\n{len(faults)} fel i innehållet. Inget har byggts om.", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="kommando")

    build = commands.add_parser("build", help="bygg webbplatsen till statiska filer")
    build.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    build.add_argument("--out", type=Path, default=DEFAULT_OUT)
    build.add_argument("--no-search", action="store_true", help="hoppa över sökindexet")
    build.add_argument(
        "--quiet", "-q", action="store_true", help="skriv bara ut fel, inga steg eller summering"
    )
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="förhandsvisa innehållet medan du skriver")
    serve.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    serve.add_argument("--port", type=int, default=5000)
    serve.set_defaults(run=_serve)

    check = commands.add_parser("check", help="leta fel i innehållet utan att bygga")
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT)
    check.add_argument(
        "--strict", action="store_true", help="räkna inaktuella översättningar som fel"
    )
    check.set_defaults(run=_check)
    return parser
