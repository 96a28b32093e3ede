"""Render the deployment kit: fill the @NAME@ placeholders of deploy/'s templates.

    python3 deploy/render.py --settings deploy/installation.conf --out /tmp/kit
    python3 deploy/render.py --settings min.conf --set SITE_ROOT=/srv/x --out /tmp/kit

Every file under deploy/nginx, deploy/systemd and deploy/env is written to the same
place under --out, with a trailing `.in` dropped. A placeholder without a value, or
a value no template uses (a misspelt name), stops the run before anything is
written, so a half-filled configuration never reaches a server. Standard library
only: IT runs it with the system's python3, and the kit's test runs the same code.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

KIT_DIR = Path(__file__).resolve().parent
TEMPLATE_FOLDERS = ("nginx", "systemd", "env")
PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")


class KitError(Exception):
    """A setting is missing, unknown or malformed; the message says which."""


def read_settings(path: Path) -> dict[str, str]:
    """`NAME=value` lines; blank lines and lines starting with # are skipped."""
    settings: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        if not equals or not PLACEHOLDER.fullmatch(f"@{name.strip()}@"):
            raise KitError(f"{path}:{number}: väntade NAMN=värde, fick {line!r}")
        settings[name.strip()] = value.strip()
    return settings


def templates(kit_dir: Path = KIT_DIR) -> dict[Path, str]:
    """Each template's output path (relative to --out) and its text."""
    found = {}
    for folder in TEMPLATE_FOLDERS:
        for path in sorted((kit_dir / folder).rglob("*")):
            if path.is_file():
                relative = path.relative_to(kit_dir)
                found[relative.with_name(relative.name.removesuffix(".in"))] = path.read_text(
                    encoding="utf-8"
                )
    return found


def render(settings: dict[str, str], kit_dir: Path = KIT_DIR) -> dict[Path, str]:
    """Every template filled in; KitError names each missing or unused setting."""
    sources = templates(kit_dir)
    used = {name for text in sources.values() for name in PLACEHOLDER.findall(text)}
    missing = sorted(used - settings.keys())
    unused = sorted(settings.keys() - used)
    bad = sorted(name for name, value in settings.items() if "\n" in value or "@" in value)
    problems = [f"saknar värde: {name}" for name in missing]
    problems += [f"används inte av någon mall (felstavat?): {name}" for name in unused]
    problems += [f"otillåtet tecken (radbrytning eller @) i: {name}" for name in bad]
    if problems:
        raise KitError("; ".join(problems))
    return {
        path: PLACEHOLDER.sub(lambda match: settings[match.group(1)], text)
        for path, text in sources.items()
    }


def write(rendered: dict[Path, str], out_dir: Path) -> None:
    for relative, text in rendered.items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", type=Path, default=KIT_DIR / "installation.conf")
    parser.add_argument("--set", action="append", default=[], metavar="NAMN=värde")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        settings = read_settings(args.settings)
        for item in args.set:
            name, _, value = item.partition("=")
            settings[name] = value
        rendered = render(settings)
    except (KitError, OSError) as error:
        print(f"render.py: {error}", file=sys.stderr)
        return 1
    write(rendered, args.out)
    print(f"{len(rendered)} filer skrivna till {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
