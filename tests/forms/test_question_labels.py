"""Every question can be told apart by its label alone: on the form for someone using
a screen reader, on the check page, and in the case officers' exports."""

from __future__ import annotations

from collections import Counter

from form_service.eservices import FLOWS


def test_no_two_questions_in_a_step_share_a_label(app):
    repeated = {}
    with app.test_request_context():
        for flow in FLOWS.values():
            for step in flow.steps:
                form = step.form(meta={"csrf": False})
                counts = Counter(field.label.text for field in form)
                same = sorted(label for label, count in counts.items() if count > 1)
                if same:
                    repeated[f"{flow.key}/{step.slug}"] = same
    assert repeated == {}
