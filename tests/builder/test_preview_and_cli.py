"""The editor's tools: the live preview and the `site-builder` command."""

from __future__ import annotations

from site_builder.cli import main


def test_preview_shows_drafts_with_a_marker(preview):
    response = preview.get("/kontaktperson/utkast/")
    assert response.status_code == 200
    assert "Utkast" in response.get_data(as_text=True)


def test_preview_shows_a_saved_change_on_the_next_request(preview, content_dir):
    assert "Ring" in preview.get("/kontakt/").get_data(as_text=True)
    page = content_dir / "kontakt" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Ring", "Mejla"), encoding="utf-8")
    assert "Mejla" in preview.get("/kontakt/").get_data(as_text=True)


def test_preview_answers_unknown_pages_with_the_swedish_404(preview):
    response = preview.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.get_data(as_text=True)


def test_preview_shows_each_language_with_its_menu_and_a_new_translation_at_once(
    preview, content_dir, write_page
):
    english = preview.get("/en/kontaktperson/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in english
    assert preview.get("/ar/sok/").status_code == 200
    assert preview.get("/lattlast/sok/").status_code == 404  # lättläst searches Swedish
    write_page(
        "en/kontakt.md",
        "title: Contact\ndescription: How to reach us.\nupdated: 2026-01-01\n"
        'translation_of: kontakt/index.md\nsource_version: "0"',
    )
    swedish = preview.get("/kontakt/").get_data(as_text=True)
    assert 'hreflang="en" href="https://stod.exempelkommun.example/en/kontakt/"' in swedish


def test_check_command_reports_every_fault_and_exits_1(content_dir, write_page, capsys):
    write_page("kontakt/a.md", "title: A\ndescription: x\nupdated: 2026-01-01\nokänt: 1")
    write_page(
        "kontakt/b.md", "title: B\ndescription: x\nupdated: 2026-01-01", "{{ saknas.nyckel }}"
    )
    assert main(["check", "--content", str(content_dir)]) == 1
    err = capsys.readouterr().err
    assert "a.md:5: okänt fält 'okänt'" in err
    assert "b.md:6: okänd inställning {{ saknas.nyckel }}" in err
    assert "2 fel i innehållet. Inget har byggts om." in err


def test_check_command_passes_good_content(content_dir, capsys):
    assert main(["check", "--content", str(content_dir)]) == 0
    assert "Inga fel hittades (11 publicerade sidor)." in capsys.readouterr().out


def test_build_command_builds_and_says_what_it_did(content_dir, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", "--content", str(content_dir), "--out", str(out), "--no-search"]) == 0
    assert "Hela webbplatsen byggd" in capsys.readouterr().out
    assert (out / "index.html").is_file()


def test_missing_configuration_is_reported_not_raised(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert main(["check", "--content", str(tmp_path / "content")]) == 1
    assert "site.yaml: inställningsfilen saknas" in capsys.readouterr().err
