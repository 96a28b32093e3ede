"""`make check` lists every fault in one run, and never one that is not there."""

from __future__ import annotations

from pathlib import Path

from site_builder.cli import main

VALID = "title: {title}\ndescription: En ingress.\nupdated: 2026-03-03"


def check_output(content_dir: Path, capsys) -> list[str]:
    assert main(["check", "--content", str(content_dir)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()


def test_one_run_shows_every_fault_and_no_false_one(content_dir, write_page, capsys):
    # A new page with a misspelt key and a skipped heading level …
    write_page(
        "kontaktperson/resor.md",
        VALID.format(title="Resor") + "\ntitel: Resor",
        "## Resor\n\n#### Bil",
    )
    # … that an existing page links to, and a broken link elsewhere.
    write_page(
        "kontaktperson/index.md",
        VALID.format(title="Kontaktperson"),
        "Läs om [resor](resor.md) och [ersättningen](ersatning.md).",
    )
    assert check_output(content_dir, capsys) == [
        "content/kontaktperson/index.md:6: länken går till 'ersatning.md' som inte finns "
        "– menade du 'ersattning.md'?",
        "content/kontaktperson/resor.md:5: okänt fält 'titel' i sidhuvudet (tillåtna fält: "
        "title, description, updated, published, order, draft, form, related, eu_cofunded, "
        "translation_of, source_version, reviewed)",
        "content/kontaktperson/resor.md:9: rubriknivån hoppar från ## till ####",
        "",
        "3 fel i innehållet. Inget har byggts om.",
    ]


def test_a_page_with_faults_still_has_its_own_links_checked(content_dir, write_page, capsys):
    write_page(
        "kontaktperson/resor.md",
        "title: Resor\ndescription: En ingress.\nupdated: 2026-13-45",
        "Se [kontakt](../kontakt/indx.md) och [arvodet](ersattning.md#arvod).",
    )
    assert check_output(content_dir, capsys)[:-2] == [
        "content/kontaktperson/resor.md:4: fältet 'updated': 2026-13-45 är inget datum "
        "(det finns ingen månad 13)",
        "content/kontaktperson/resor.md:6: länken går till '../kontakt/indx.md' som inte finns "
        "– menade du '../kontakt/index.md'?",
        "content/kontaktperson/resor.md:6: länken går till rubriken '#arvod' som inte finns på "
        "'ersattning.md' – menade du '#arvode'?",
    ]


def test_a_link_to_an_unreadable_page_is_not_called_broken(content_dir, write_page, capsys):
    (content_dir / "kontaktperson" / "resor.md").write_text("Glömde sidhuvudet.\n", "utf-8")
    write_page(
        "kontaktperson/index.md",
        VALID.format(title="Kontaktperson") + "\nrelated:\n  - resor.md\n  - ersatning.md",
        "Läs om [resor](resor.md) och [kontakt](/kontakt/).",
    )
    assert check_output(content_dir, capsys)[:-2] == [
        "content/kontaktperson/index.md: relaterad sida 'ersatning.md' finns inte "
        "– menade du 'ersattning.md'?",
        "content/kontaktperson/resor.md:1: sidan ska börja med ett sidhuvud mellan två rader ---",
    ]


def test_a_hand_written_address_gets_the_nearest_one_suggested(content_dir, write_page, capsys):
    write_page(
        "om-webbplatsen/ny.md", VALID.format(title="Ny"), "Se [arvodet](/kontaktperson/ersattnig/)."
    )
    assert check_output(content_dir, capsys)[:-2] == [
        "content/om-webbplatsen/ny.md:6: länken går till '/kontaktperson/ersattnig/' som inte "
        "finns – menade du '/kontaktperson/ersattning/'?",
    ]
