"""Every e-service, found here: one module per e-service, each with its `ESERVICE`.

Adding an e-service is adding a module to this package (and its entry in site.yaml's
`e_tjanster.formular`): the registry finds it, and the public forms, storage, the
staff side, the exports and retention ask it what they need to know.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from form_service.eservices.flows import Flow
from form_service.eservices.workflow import RECEIVED, Status, unknown


def _declared() -> dict[str, Flow]:
    found: dict[str, Flow] = {}
    for module in pkgutil.iter_modules(__path__):
        imported = importlib.import_module(f"{__name__}.{module.name}")
        declaration = getattr(imported, "ESERVICE", None)
        if isinstance(declaration, Flow):
            if declaration.key in found:
                raise ValueError(f"two e-services are declared as {declaration.key}")
            found[declaration.key] = declaration
    return found


FLOWS: dict[str, Flow] = _declared()


def flow_for(form_kind: str) -> Flow | None:
    """The declaration, or None for a form kind since taken out of the code."""
    return FLOWS.get(form_kind)


def statuses_for(form_kind: str) -> tuple[Status, ...]:
    flow = FLOWS.get(form_kind)
    return flow.statuses if flow else (RECEIVED,)


def next_statuses(form_kind: str, key: str) -> tuple[Status, ...]:
    """The statuses a submission of this kind in status `key` may move to; none for a
    form kind since taken out of the code."""
    flow = FLOWS.get(form_kind)
    return flow.next_statuses(key) if flow else ()


def status(form_kind: str, key: str) -> Status:
    """The status by key; an unknown key (an old workflow) reads as itself."""
    flow = FLOWS.get(form_kind)
    return (flow.status(key) if flow else None) or unknown(key)


def all_statuses(form_kinds: Iterable[str]) -> list[Status]:
    """Every status of these e-services once, in workflow order, for the inbox's filter."""
    seen: dict[str, Status] = {}
    for kind in form_kinds:
        for candidate in statuses_for(kind):
            seen.setdefault(candidate.key, candidate)
    return list(seen.values())


def queued() -> list[Flow]:
    """The e-services whose submissions wait in a queue for a place."""
    return [flow for flow in FLOWS.values() if flow.queue is not None]
