"""`form-service staff …`: the only way accounts come into being or change."""

from __future__ import annotations

import io

import pytest

from form_service.cli import main
from tests.support.pages import PASSWORD
from tests.support.staff_pages import Office


@pytest.fixture
def cli_office(tmp_path, monkeypatch):
    office = Office(tmp_path)
    monkeypatch.setenv("DATABASE_URL", office.database_url)
    monkeypatch.setenv("SECRET_KEY", "staff-test-secret")
    monkeypatch.setenv("SUBMISSION_PRIVATE_KEY", office.keys[1])
    monkeypatch.setenv("STAFF_PASSWORD_HASHING", "fast")
    yield office
    office.close()


def run(monkeypatch, *args: str, password: str = PASSWORD) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(list(args))


def test_an_added_case_officer_can_log_in(cli_office, monkeypatch, capsys):
    code = run(monkeypatch, "staff", "add", "Karin", "--name", "Karin Berg", "--password-stdin")
    assert code == 0 and "karin (handlaggare) är tillagd" in capsys.readouterr().out
    assert cli_office.client().login("karin").location == "/"


def test_a_short_password_is_refused_with_a_reason(cli_office, monkeypatch, capsys):
    code = run(monkeypatch, "staff", "add", "karin", "--name", "K", "--password-stdin",
               password="kort")  # fmt: skip
    assert code == 1 and "minst 12 tecken" in capsys.readouterr().err


def test_the_same_user_name_twice_is_refused(cli_office, monkeypatch, capsys):
    run(monkeypatch, "staff", "add", "karin", "--name", "K", "--password-stdin")
    code = run(monkeypatch, "staff", "add", "karin", "--name", "K", "--password-stdin")
    assert code == 1 and "finns redan" in capsys.readouterr().err


def test_disable_logs_the_user_out_and_keeps_them_out(cli_office, monkeypatch, capsys):
    run(monkeypatch, "staff", "add", "karin", "--name", "K", "--password-stdin")
    officer = cli_office.client("karin")
    assert run(monkeypatch, "staff", "disable", "karin") == 0
    assert officer.get("/", 302).location.startswith("/logga-in/")
    cli_office.client().login("karin", status=401)
    assert "avstängd" in (run(monkeypatch, "staff", "list") or capsys.readouterr().out)


def test_reset_password_replaces_the_old_one_and_lifts_a_lock(cli_office, monkeypatch):
    run(monkeypatch, "staff", "add", "karin", "--name", "K", "--password-stdin")
    visitor = cli_office.client()
    for _ in range(3):
        visitor.login("karin", "fel lösenord igen", status=401)
    new = "ett helt nytt lösenord"
    reset = ("staff", "reset-password", "karin", "--password-stdin")
    assert run(monkeypatch, *reset, password=new) == 0
    cli_office.client().login("karin", PASSWORD, status=401)
    assert cli_office.client().login("karin", new).location == "/"


def test_an_unknown_user_gets_a_clear_message(cli_office, monkeypatch, capsys):
    assert run(monkeypatch, "staff", "disable", "nobody") == 1
    assert "Det finns ingen användare som heter nobody" in capsys.readouterr().err
