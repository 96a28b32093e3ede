"""The staff side, too, picks up a saved change to `site.yaml` without a restart."""

from __future__ import annotations

import pytest

from tests.support.staff_pages import Office


@pytest.fixture
def office_over_copy(tmp_path, content_dir):
    office = Office(tmp_path, CONTENT_DIR=str(content_dir))
    yield office
    office.close()


def test_the_staff_side_shows_a_changed_municipality_name(office_over_copy, content_dir):
    staff = office_over_copy.client()
    assert "Exempelkommun" in staff.get("/logga-in/").text
    config = content_dir / "site.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("namn: Exempelkommun", "namn: Provkommun"),
        encoding="utf-8",
    )
    page = staff.get("/logga-in/").text
    assert "Provkommun" in page
    assert "Exempelkommun" not in page
    config.write_text("kommun: [\n", encoding="utf-8")
    assert "Provkommun" in staff.get("/logga-in/").text
