"""No YAML value reaches the builder unchecked: every fault is `file:line: message`.

Through the `site-builder` command, as an editor runs it (`make check`, `make build`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.cli import main

PAGE = "content/kontaktperson/ny.md"


def front_matter(**fields: str) -> str:
    """Front matter lines in a fixed order, so a key's line is known: title is line 2."""
    values = {"title": "En sida", "description": "En ingress.", "updated": "2026-03-03"}
    values.update(fields)
    return "\n".join(f"{key}: {value}" for key, value in values.items())


def line_of(key: str, **fields: str) -> int:
    return front_matter(**fields).split("\n").index(f"{key}: {fields[key]}") + 2


def check_faults(content_dir: Path, capsys) -> list[str]:
    """The fault lines `site-builder check` prints; it must exit 1 with no traceback."""
    assert main(["check", "--content", str(content_dir)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line and "fel i innehållet" not in line]


def test_an_impossible_date_is_a_line_not_a_traceback(content_dir, write_page, tmp_path):
    write_page("kontaktperson/ny.md", front_matter(updated="2026-13-45"))
    command = [sys.executable, "-m", "site_builder", "build", "--content", str(content_dir)]
    command += ["--out", str(tmp_path / "site"), "--no-search"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{PAGE}:4: fältet 'updated': 2026-13-45 är inget datum (det finns ingen månad 13)"
    ) in result.stderr.splitlines()  # its own line, after the stages the build got through
    assert not (tmp_path / "site").exists()


WRONG_VALUES = [
    ("updated", "2026-02-30", "fältet 'updated': 2026-02-30 är inget datum (månaden har 28 dagar)"),
    ("updated", "0000-01-01", "fältet 'updated': 0000-01-01 är inget datum (det finns inget år 0)"),
    (
        "updated",
        "!!timestamp 2026-13-45",
        "fältet 'updated': 2026-13-45 är inget datum (det finns ingen månad 13)",
    ),
    ("updated", "2026-03-03 10:00:00", "fältet 'updated' ska vara ett datum (ÅÅÅÅ-MM-DD)"),
    (
        "updated",
        "[2026-03-03]",
        "fältet 'updated' ska vara ett datum (ÅÅÅÅ-MM-DD), inte en lista",
    ),
    (
        "published",
        "2026-04-31",
        "fältet 'published': 2026-04-31 är inget datum (månaden har 30 dagar)",
    ),
    ("title", "[Ett, Två]", "fältet 'title' ska vara en text, inte en lista"),
    ("title", "{a: b}", "fältet 'title' ska vara en text, inte flera fält"),
    ("title", "yes", "fältet 'title' ska vara en text (skriv den inom citattecken: title: \"…\")"),
    (
        "description",
        "1.5",
        "fältet 'description' ska vara en text (skriv den inom citattecken: description: \"…\")",
    ),
    ("order", "1.5", "fältet 'order' ska vara ett heltal"),
    ("order", "true", "fältet 'order' ska vara ett heltal"),
    ("order", "[1]", "fältet 'order' ska vara ett heltal, inte en lista"),
    (
        "order",
        "!!int tio",
        "sidhuvudet går inte att läsa (värdet 'tio' går inte att läsa som heltal)",
    ),
    ("draft", "ja", "fältet 'draft' ska vara true eller false"),
    (
        "form",
        "[intresse-kontaktperson]",
        "fältet 'form' ska vara namnet på ett formulär i site.yaml, inte en lista",
    ),
    (
        "related",
        "index.md",
        "fältet 'related' ska vara en lista med sökvägar till andra .md-filer "
        "(skriv varje sökväg på en rad med - först)",
    ),
    (
        "related",
        "[[index.md]]",
        "fältet 'related' ska vara en lista med sökvägar till andra .md-filer, en sökväg per rad",
    ),
    (
        "related",
        "!!binary aGVq",
        "fältet 'related' ska vara en lista med sökvägar till andra .md-filer "
        "(skriv varje sökväg på en rad med - först)",
    ),
]


@pytest.mark.parametrize(("key", "value", "message"), WRONG_VALUES)
def test_every_front_matter_value_is_checked(content_dir, write_page, capsys, key, value, message):
    write_page("kontaktperson/ny.md", front_matter(**{key: value}))
    line = line_of(key, **{key: value})
    assert check_faults(content_dir, capsys) == [f"{PAGE}:{line}: {message}"]


def test_a_quoted_date_and_a_date_like_title_are_fine(content_dir, write_page, capsys):
    write_page("kontaktperson/ny.md", front_matter(updated='"2026-03-03"', title="2026-03-03"))
    assert main(["check", "--content", str(content_dir)]) == 0


def test_every_fault_of_a_page_is_listed_together(content_dir, write_page, capsys):
    fields = {"updated": "2026-13-45", "order": "först", "draft": "kanske"}
    write_page("kontaktperson/ny.md", front_matter(**fields))
    assert check_faults(content_dir, capsys) == [
        f"{PAGE}:4: fältet 'updated': 2026-13-45 är inget datum (det finns ingen månad 13)",
        f"{PAGE}:5: fältet 'order' ska vara ett heltal",
        f"{PAGE}:6: fältet 'draft' ska vara true eller false",
    ]


def edit_config(content_dir: Path, old: str, new: str) -> None:
    path = content_dir / "site.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def config_line(content_dir: Path, text: str) -> int:
    lines = (content_dir / "site.yaml").read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_site_yaml_faults_are_all_listed_with_their_lines(content_dir, capsys):
    edit_config(content_dir, "telefon: 070-174 06 10", "telefon: 0701740610")
    edit_config(content_dir, "volontar_minst: 18", "volontar_minst: arton")
    edit_config(content_dir, "bas_url: /e-tjanst/", "bas_url: [/e-tjanst/]")
    edit_config(content_dir, "    epost: familjehem@", "    epst: x\n    epost: familjehem@")
    edit_config(content_dir, "giltig_fran: 1 januari 2026", "giltig_fran: !!binary aGVq")
    shown = content_dir / "site.yaml"
    assert check_faults(content_dir, capsys) == [
        f"{shown}:{config_line(content_dir, '0701740610')}: inställningen "
        "'enheter.kontaktpersonsenheten.telefon' ska vara en text "
        '(skriv den inom citattecken: "…")',
        f"{shown}:{config_line(content_dir, 'epst')}: okänd inställning "
        "'enheter.familjehemsenheten.epst' (tillåtna: namn, telefon, telefontid, epost, "
        "besoksadress, postadress)",
        f"{shown}:{config_line(content_dir, 'arton')}: inställningen 'alder.volontar_minst' "
        "ska vara ett heltal, till exempel 18",
        f"{shown}:{config_line(content_dir, 'aGVq')}: inställningen 'ersattning.giltig_fran' "
        "ska vara en text, ett tal, en lista eller en grupp",
        f"{shown}:{config_line(content_dir, '[/e-tjanst/]')}: inställningen "
        "'e_tjanster.bas_url' ska vara en text, inte en lista",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "giltig_fran: 1 januari 2026",
            "giltig_fran: !!int tio",
            "inställningsfilen går inte att läsa (värdet 'tio' går inte att läsa som heltal)",
        ),
        (
            "avsnitt:\n",
            "avsnitt: kontaktperson\nflyttat:\n",
            "inställningen 'avsnitt' ska vara en grupp med rader 'namn: värde' under sig",
        ),
        (
            "- kontaktperson\n",
            "- [kontaktperson]\n",
            "inställningen 'meny.0' ska vara en text, inte en lista",
        ),
        (
            "  standard: kontaktpersonsenheten",
            "  standard: okand",
            "avsnitt.standard nämner "
            "enheten 'okand' som inte finns (enheter: kontaktpersonsenheten, familjehemsenheten, "
            "kontaktgruppen, projekt_gro)",
        ),
        (
            "      gallras_manader: 12",
            "      gallras_manader: ett år",
            "inställningen "
            "'e_tjanster.formular.intresse-kontaktperson.gallras_manader' ska vara ett heltal, "
            "till exempel 18",
        ),
    ],
)
def test_site_yaml_values_are_checked_through_build(
    content_dir, tmp_path, capsys, old, new, message
):
    edit_config(content_dir, old, new)
    out = tmp_path / "site"
    assert main(["build", "--content", str(content_dir), "--out", str(out), "--no-search"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    line = config_line(content_dir, new.strip().split("\n")[0])
    assert err.splitlines()[0] == f"{content_dir / 'site.yaml'}:{line}: {message}"
