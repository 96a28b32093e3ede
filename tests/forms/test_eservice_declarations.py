"""Each e-service is declared once (`form_service/eservices/`), and nothing else names it.

The declarations' own references must hold: every condition, stop, rule and person
names a step the e-service has and a field that step's form asks. Outside the
declarations and their form classes, no module or template contains a form kind:
storage, the staff side, exports, retention and the privacy texts ask the
declaration. The export schema is generated from the declarations, and the committed
file is what the generator writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from form_service.eservices import FLOWS
from form_service.staff.export_schema import SCHEMA_FILE, schema_text
from site_builder.config import load_site_config

ROOT = Path(__file__).resolve().parents[2]
DECLARED_IN = (ROOT / "form_service" / "eservices", ROOT / "form_service" / "forms")
SEARCHED = ("form_service", "templates", "site_builder")


@pytest.mark.parametrize("flow", FLOWS.values(), ids=list(FLOWS))
def test_every_reference_in_a_declaration_names_a_real_step_and_field(flow):
    steps = {step.slug: {name for name, _field in step.fields()} for step in flow.steps}
    assert len(steps) == len(flow.steps), "step slugs are unique"
    for what, (slug, name) in flow.refs():
        assert slug in steps, f"{flow.key}: {what} names the step {slug!r}, which it has not"
        if name:
            assert name in steps[slug], f"{flow.key}: {what} names {slug}.{name}, never asked"
    later = [step for step in flow.steps if step.when]
    for step in later:
        slugs = [s.slug for s in flow.steps]
        assert slugs.index(step.when[0]) < slugs.index(step.slug), "a condition is asked first"


@pytest.mark.parametrize("flow", FLOWS.values(), ids=list(FLOWS))
def test_every_declared_transition_names_a_declared_status(flow):
    """Each status has its list of what may follow, naming only the e-service's own
    statuses; every status can be reached from "ny"; a queue's offer is allowed."""
    keys = [status.key for status in flow.statuses]
    declared = dict(flow.transitions)
    assert len(declared) == len(flow.transitions), f"{flow.key}: a status listed twice"
    assert set(declared) == set(keys), f"{flow.key}: every status, and only those, has moves"
    for old, following in flow.transitions:
        for new in following:
            assert new in keys, f"{flow.key}: {old} → {new}, which is not one of its statuses"
            assert new != old, f"{flow.key}: {old} → itself"
    reached, frontier = {keys[0]}, [keys[0]]
    while frontier:
        for new in declared[frontier.pop()]:
            if new not in reached:
                reached.add(new)
                frontier.append(new)
    assert reached == set(keys), f"{flow.key}: never reached from {keys[0]}"
    if flow.queue:
        for waiting in flow.queue.waiting:
            assert flow.allows(waiting, flow.queue.offered), f"{flow.key}: offer from {waiting}"


def test_each_e_service_in_site_yaml_has_one_declaration_and_each_declaration_an_entry():
    configured = load_site_config(ROOT / "content").eservices
    assert set(configured) == set(FLOWS)
    for key, service in configured.items():
        assert service.gallras_manader, f"{key}: one retention number in site.yaml"


def test_no_module_outside_the_declarations_names_a_form_kind():
    kinds = set(FLOWS) | set(load_site_config(ROOT / "content").eservices)
    found = []
    for folder in SEARCHED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".html", ".txt", ".j2") or _declared_in(path):
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {kind}" for kind in kinds if kind in text]
    assert found == []


def test_the_committed_export_schema_is_the_one_the_declarations_generate():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run make export-schema"


def _declared_in(path: Path) -> bool:
    return any(path.is_relative_to(folder) for folder in DECLARED_IN)


def test_the_e_services_page_lists_every_e_service_in_site_yaml(citizen):
    """`/` lists the e-services from site.yaml, the fifth as the first four."""
    page = citizen.get("/")
    config = load_site_config(ROOT / "content")
    for service in config.eservices.values():
        path = service.url.removeprefix(config.eservice_prefix)
        assert f'<a href="/{path}">{service.titel}</a>' in page.text
