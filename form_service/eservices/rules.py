"""Rules over several steps' answers that more than one e-service uses."""

from __future__ import annotations

import datetime as dt

from form_service.core.personnummer import InvalidPersonnummer, parse_personnummer
from form_service.eservices.flows import AnswerRule, Answers, Ref


def age_for_children(
    *,
    chosen: Ref,
    with_children: set[str],
    number: Ref,
    message: str,
    fixed_on: str | None = None,
) -> AnswerRule:
    """Assignments with children have a higher minimum age than other assignments.

    `chosen` is the answer that lists the assignments, `with_children` those of them
    that are with children, and `number` the answer with the person's personnummer:
    the rule is asked where the number is given. The message may use {minimum} (the
    limit for children) and {adults} (for adults), both from `alder` in site.yaml.
    """

    def check(answers: Answers, ages: dict, today: dt.date) -> str | None:
        if not set(_answer(answers, chosen) or []) & with_children:
            return None
        minimum = ages["volontar_barn_minst"]
        age = _age(_answer(answers, number) or "", today)
        if age is None or age >= minimum:
            return None
        return message.format(minimum=minimum, adults=ages["volontar_minst"])

    return AnswerRule(
        asked_on=number[0], field=number[1], check=check, fixed_on=fixed_on, reads=(chosen, number)
    )


def _answer(answers: Answers, ref: Ref):
    step, name = ref
    return (answers.get(step) or {}).get(name)


def _age(number: str, today: dt.date) -> int | None:
    """The age on `today`, or None when the number is not valid: the step's own rules
    report the number itself."""
    try:
        return parse_personnummer(number, today).age_on(today)
    except InvalidPersonnummer:
        return None
