"""The four e-services as flows of steps, declared in one place.

A flow knows its steps (some apply only after a given answer), what stops it
(protected personal data) and what the receipt says happens next. How long its
submissions are kept is configuration (`site.yaml`, see `retention.py`). The views
walk any flow the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from form_service.forms import applications as ansokan
from form_service.forms import volunteer as intresse
from form_service.forms.base import StepForm
from form_service.personnummer import InvalidPersonnummer, parse_personnummer

Answers = dict[str, dict]
Problem = tuple[str, str]  # (step slug, message)
FieldErrors = list[tuple[str, str]]  # (field name, message) on one step


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[StepForm]
    when: tuple[str, str, str] | None = None  # (step, field, answer) that must have been given

    def applies(self, answers: Answers) -> bool:
        if self.when is None:
            return True
        step, name, answer = self.when
        return answers.get(step, {}).get(name) == answer

    def problems(self, answers: Answers) -> list[Problem]:
        """The first fault in this step's saved answers, if any (with the step's own message)."""
        form = self.form(formdata=None, data=answers.get(self.slug) or {}, meta={"csrf": False})
        if form.validate():
            return []
        return [(self.slug, next(iter(form.errors.values()))[0])]


@dataclass(frozen=True)
class AnswerRule:
    """A rule over the answers of several steps, checked on the step that asks `field`.

    `check` gives the message, or None when the answers meet the rule. It runs when
    the step `asked_on` is sent, so the person learns it where they give the answer,
    and again on the check page, where the message links to `fixed_on`: the step where
    an answer can be changed to meet the rule (by default the step that asks).
    """

    asked_on: str
    field: str
    check: Callable[[Answers, dict, dt.date], str | None]
    fixed_on: str | None = None

    def problem(self, answers: Answers, ages: dict, today: dt.date) -> Problem | None:
        message = self.check(answers, ages, today)
        return (self.fixed_on or self.asked_on, message) if message else None


@dataclass(frozen=True)
class Flow:
    key: str
    unit_section: str  # whose unit handles it: its contact block and notification address
    steps: tuple[Step, ...]
    kept: str  # the key in site.yaml's `personuppgifter` that says how long it is kept
    next_steps: tuple[str, ...]
    stop: tuple[str, str, str] | None = None  # (step, field, answer) that ends the form
    rules: tuple[AnswerRule, ...] = field(default=())

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)

    def applying(self, answers: Answers) -> list[Step]:
        return [step for step in self.steps if step.applies(answers)]

    def next_after(self, slug: str, answers: Answers) -> Step | None:
        steps = self.applying(answers)
        slugs = [step.slug for step in steps]
        index = slugs.index(slug) if slug in slugs else -1
        return steps[index + 1] if index + 1 < len(steps) else None

    def kept_answers(self, answers: Answers) -> Answers:
        """The answers of the steps that apply to the final answers, and only those.

        A draft keeps a step left behind by a changed choice (the child's details,
        when the application turned out to be for the applicant), so that changing
        back costs nothing; a submission must not (data minimisation, GDPR art. 5.1 c).
        """
        return {
            step.slug: answers[step.slug] for step in self.applying(answers) if step.slug in answers
        }

    def first_unanswered(self, answers: Answers) -> Step | None:
        return next((step for step in self.applying(answers) if step.slug not in answers), None)

    def stopped(self, answers: Answers) -> bool:
        if self.stop is None:
            return False
        step, name, answer = self.stop
        return answers.get(step, {}).get(name) == answer

    def problems(self, answers: Answers, ages: dict, today: dt.date) -> list[Problem]:
        """What must be corrected before sending, checked again on the day it is sent.

        Every step's rules, and the flow's rules across steps, run once more on the
        saved answers: an age limit may have been passed, the configured limits
        changed, or an earlier answer changed from this page, since a step was answered.
        """
        found = [problem for step in self.applying(answers) for problem in step.problems(answers)]
        broken = [rule.problem(answers, ages, today) for rule in self.rules]
        return found + [problem for problem in broken if problem]

    def rule_errors(self, slug: str, answers: Answers, ages: dict, today: dt.date) -> FieldErrors:
        """The messages of the rules the step `slug` asks about, by field: (field, message)."""
        found = [
            (rule.field, rule.check(answers, ages, today))
            for rule in self.rules
            if rule.asked_on == slug
        ]
        return [(name, message) for name, message in found if message]


def _age_for_children(message: str) -> Callable[[Answers, dict, dt.date], str | None]:
    """Assignments with children have a higher minimum age than other assignments.

    The message may use {minimum} (the limit for children) and {adults} (for adults),
    both from `alder` in site.yaml.
    """

    def check(answers: Answers, ages: dict, today: dt.date) -> str | None:
        chosen = set(answers.get("uppdrag", {}).get("uppdrag") or [])
        if not chosen & intresse.ASSIGNMENTS_WITH_CHILDREN:
            return None
        number = answers.get("om-dig", {}).get("personnummer") or ""
        try:
            age = parse_personnummer(number, today).age_on(today)
        except InvalidPersonnummer:
            return None  # the step's own rules report the number itself
        minimum = ages["volontar_barn_minst"]
        if age >= minimum:
            return None
        return message.format(minimum=minimum, adults=ages["volontar_minst"])

    return check


KONTAKTPERSON_FOR_CHILDREN = AnswerRule(
    asked_on="om-dig",
    field="personnummer",
    fixed_on="uppdrag",  # assignments with adults are still open to the person
    check=_age_for_children(
        "För uppdrag med barn och unga måste du vara minst {minimum} år, eftersom barn "
        "behöver en vuxen med mer livserfarenhet. Gå tillbaka till Uppdrag och välj bara "
        "uppdrag med vuxna (från {adults} år), eller rätta personnumret om det är fel"
    ),
)
KONTAKTFAMILJ_FOR_CHILDREN = AnswerRule(
    asked_on="om-dig",
    field="personnummer",
    check=_age_for_children(
        "Du måste vara minst {minimum} år för att bli kontaktfamilj eller stödfamilj, "
        "eftersom barn behöver en vuxen med mer livserfarenhet. Från {adults} år kan du "
        "anmäla intresse för att bli kontaktperson för vuxna"
    ),
)


# How long each kind is kept is stated once, in site.yaml (`personuppgifter`), so the
# forms and the privacy page always say the same.
KEPT_VOLUNTEER = "gallring_intresseanmalan"
KEPT_APPLICATION = "gallring_ansokan"

FLOWS: dict[str, Flow] = {
    flow.key: flow
    for flow in (
        Flow(
            key="intresse-kontaktperson",
            unit_section="kontaktperson",
            steps=(
                Step("uppdrag", "Uppdrag", intresse.Assignment),
                Step("om-dig", "Om dig", intresse.AboutYou),
                Step("tid-och-intressen", "Tid och intressen", intresse.TimeAndInterests),
                Step("referenser", "Referenser", intresse.References),
                Step("samtycke", "Samtycke", intresse.Consent),
            ),
            kept=KEPT_VOLUNTEER,
            next_steps=(
                "Socialtjänsten hör av sig till dig, oftast på telefon.",
                "Om det blir aktuellt bjuder vi in dig till ett informationsmöte och en intervju.",
                "Om du samtycker gör vi registerkontroller och pratar med dina referenser.",
            ),
            rules=(KONTAKTPERSON_FOR_CHILDREN,),
        ),
        Flow(
            key="intresse-kontaktfamilj",
            unit_section="kontaktfamilj",
            steps=(
                Step("uppdrag", "Uppdrag", intresse.FamilyAssignment),
                Step("om-dig", "Om dig", intresse.AboutYou),
                Step("hushallet", "Hushållet", intresse.Household),
                Step("intressen", "Intressen och erfarenhet", intresse.FamilyInterests),
                Step("referenser", "Referenser", intresse.References),
                Step("samtycke", "Samtycke", intresse.Consent),
            ),
            kept=KEPT_VOLUNTEER,
            next_steps=(
                "Socialtjänsten hör av sig till er, oftast på telefon.",
                "Om det blir aktuellt träffas vi för samtal, gärna hemma hos er.",
                "Om ni samtycker gör vi registerkontroller och pratar med era referenser.",
            ),
            rules=(KONTAKTFAMILJ_FOR_CHILDREN,),
        ),
        Flow(
            key="ansokan-kontaktperson",
            unit_section="kontaktperson",
            steps=(
                Step("skyddade-uppgifter", "Skyddade personuppgifter", ansokan.ProtectedIdentity),
                Step("for-vem", "Vem ansökan gäller", ansokan.ForWhom),
                Step("om-dig", "Om dig", ansokan.Applicant),
                Step("barnet", "Barnet", ansokan.Child, when=("for-vem", "for_vem", "barn")),
                Step("vardnad", "Vårdnad", ansokan.Custody, when=("for-vem", "for_vem", "barn")),
                Step("stod", "Stöd", ansokan.SupportWanted),
                Step("kontakt", "Kontakt", ansokan.Contact),
                Step("intygande", "Intygande", ansokan.Confirmation),
            ),
            kept=KEPT_APPLICATION,
            next_steps=(
                "En handläggare läser ansökan och kontaktar dig på det sätt du valt.",
                "Ni pratar om vilket stöd som passar och om vilken lag ansökan prövas enligt.",
                "Du får ett beslut. Du kan överklaga det om du inte är nöjd.",
            ),
            stop=("skyddade-uppgifter", "skyddad", "ja"),
        ),
        Flow(
            key="ansokan-kontaktgruppen",
            unit_section="kontaktgruppen",
            steps=(
                Step("skyddade-uppgifter", "Skyddade personuppgifter", ansokan.ProtectedIdentity),
                Step("om-dig", "Om dig som vårdnadshavare", ansokan.Applicant),
                Step("vardnad", "Vårdnad", ansokan.Custody),
                Step("barnet", "Barnet", ansokan.ChildInGroup),
                Step("varfor", "Varför Kontaktgruppen", ansokan.WhyTheGroup),
                Step("kontakt", "Kontakt", ansokan.Contact),
                Step("intygande", "Intygande", ansokan.Confirmation),
            ),
            kept=KEPT_APPLICATION,
            next_steps=(
                "Barnet står nu i kö till Kontaktgruppen. Ansökan är ingen garanti för en plats.",
                "Socialtjänsten läser ansökan och bedömer barnets behov.",
                "Vi kontaktar dig på det sätt du valt.",
            ),
            stop=("skyddade-uppgifter", "skyddad", "ja"),
        ),
    )
}
