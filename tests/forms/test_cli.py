"""The operator's command: keys for a new installation, migrations, draft clean-up."""

from __future__ import annotations

import base64

from form_service.cli import main
from form_service.core.crypto import generate_keypair, new_draft_key, seal, unseal


def test_keygen_prints_a_working_key_pair_and_says_where_each_half_goes(capsys):
    assert main(["keygen"]) == 0
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines() if "=" in line)
    assert (
        unseal(lines["SUBMISSION_PRIVATE_KEY"], seal(lines["SUBMISSION_PUBLIC_KEY"], b"hej"))
        == b"hej"
    )
    assert len(base64.b64decode(lines["DRAFT_KEY"])) == 32


def test_purge_drafts_runs_against_the_configured_database(tmp_path, monkeypatch, capsys):
    public, _ = generate_keypair()
    monkeypatch.setenv("SECRET_KEY", "test")
    monkeypatch.setenv("SUBMISSION_PUBLIC_KEY", public)
    monkeypatch.setenv("DRAFT_KEY", new_draft_key())
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    assert main(["migrate"]) == 0
    assert main(["purge-drafts"]) == 0
    assert "0 utkast som gått ut togs bort." in capsys.readouterr().out
