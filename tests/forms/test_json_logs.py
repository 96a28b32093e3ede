"""With `LOG_FORMAT=json` each request writes one JSON line to stderr: its id, the URL
rule (never the concrete path or query, which may carry a reference), status and time."""

from __future__ import annotations

import json

from tests.support.form_pages import make_app
from tests.support.staff_pages import Office

FIELDS = {"time", "level", "request_id", "method", "rule", "endpoint", "status", "duration_ms"}


def request_lines(captured: str) -> list[dict]:
    lines = [json.loads(line) for line in captured.splitlines() if line.strip()]
    return [line for line in lines if line["logger"] == "form_service.requests"]


def test_each_public_request_is_one_json_line_naming_its_rule(tmp_path, key_pair, capsys):
    client = make_app(tmp_path, key_pair, LOG_FORMAT="json").test_client()
    capsys.readouterr()
    response = client.get("/intresseanmalan/kontaktperson/steg/811218-9876/?ref=KS4X7Q2M")
    (line,) = request_lines(capsys.readouterr().err)
    assert line.keys() >= FIELDS
    assert line["app"] == "public"
    assert line["method"] == "GET"
    assert line["rule"] == "/<path:flow_path>/steg/<slug>/"
    assert line["status"] == response.status_code
    assert line["request_id"] == response.headers["X-Request-Id"]
    assert "811218-9876" not in json.dumps(line) and "KS4X7Q2M" not in json.dumps(line)


def test_a_safe_incoming_request_id_is_kept_and_echoed(tmp_path, key_pair, capsys):
    client = make_app(tmp_path, key_pair, LOG_FORMAT="json").test_client()
    capsys.readouterr()
    given = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    response = client.get("/status/", headers={"X-Request-Id": given})
    (line,) = request_lines(capsys.readouterr().err)
    assert response.headers["X-Request-Id"] == given == line["request_id"]


def test_an_unsafe_request_id_is_replaced(tmp_path, key_pair, capsys):
    client = make_app(tmp_path, key_pair, LOG_FORMAT="json").test_client()
    capsys.readouterr()
    response = client.get("/status/", headers={"X-Request-Id": "811218-9876"})
    (line,) = request_lines(capsys.readouterr().err)
    assert line["request_id"] == response.headers["X-Request-Id"] != "811218-9876"


def test_events_carry_the_request_id_of_their_request(tmp_path, capsys):
    office = Office(tmp_path, LOG_FORMAT="json")
    try:
        office.user("anna")
        capsys.readouterr()
        office.client().login("anna", "fel lösenord", status=401)
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    finally:
        office.close()
    (event,) = [line for line in lines if line["message"] == "failed staff log-in"]
    requests = [line for line in lines if line["logger"] == "form_service.requests"]
    (refused,) = [line for line in requests if line["status"] == 401]
    assert event["request_id"] == refused["request_id"] and refused["app"] == "staff"


def test_text_is_the_default_and_writes_no_request_lines(tmp_path, key_pair, capsys):
    client = make_app(tmp_path, key_pair).test_client()
    capsys.readouterr()
    response = client.get("/status/")
    assert "X-Request-Id" not in response.headers
    assert "form_service.requests" not in capsys.readouterr().err
