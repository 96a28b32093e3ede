"""What an e-service is declared with: its steps, rules, people, workflow and queue.

Each e-service is one declaration (a `Flow`) in `form_service/eservices/`, beside or
importing its form classes. Everything else — the views that walk the steps, storage,
the staff side's inbox, queue, case file and exports, retention and the privacy
texts — asks the declaration and never names a form kind, a step or a field. How
long its submissions are kept is one number in `site.yaml` (`gallras_manader`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from wtforms import BooleanField
from wtforms.fields.core import UnboundField

from form_service.core.validators import ValidPersonnummer
from form_service.eservices.workflow import Status, Transitions
from form_service.forms.base import CheckboxesField, RadiosField, StepForm

Answers = dict[str, dict]
Ref = tuple[str, str]  # (step slug, field name)
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

    def saved_form(self, answers: Answers) -> StepForm:
        """The step's form holding its saved answers, never what the request carries."""
        return self.form(formdata=None, data=answers.get(self.slug) or {}, meta={"csrf": False})

    def problems(self, answers: Answers, form: StepForm | None = None) -> list[Problem]:
        """The first fault in this step's saved answers, if any (with the step's own message).

        `form`: its `saved_form`, when the caller has already built it (validating may
        normalise the form's values, so anything read from them must be read first).
        """
        form = form or self.saved_form(answers)
        if form.validate():
            return []
        return [(self.slug, next(iter(form.errors.values()))[0])]

    def fields(self) -> Iterator[tuple[str, UnboundField]]:
        """The step's questions in the order it asks them, as declared on its form class."""
        declared = [
            (name, value)
            for name in dir(self.form)
            if isinstance(value := getattr(self.form, name), UnboundField)
        ]
        yield from sorted(declared, key=lambda item: item[1].creation_counter)


@dataclass(frozen=True)
class AnswerRule:
    """A rule over the answers of several steps, checked on the step that asks `field`.

    `check` gives the message, or None when the answers meet the rule. It runs when
    the step `asked_on` is sent, so the person learns it where they give the answer,
    and again on the check page, where the message links to `fixed_on`: the step where
    an answer can be changed to meet the rule (by default the step that asks). `reads`
    names every answer `check` looks at, so a test can prove each one exists.
    """

    asked_on: str
    field: str
    check: Callable[[Answers, dict, dt.date], str | None]
    fixed_on: str | None = None
    reads: tuple[Ref, ...] = ()

    def problem(self, answers: Answers, ages: dict, today: dt.date) -> Problem | None:
        message = self.check(answers, ages, today)
        return (self.fixed_on or self.asked_on, message) if message else None


@dataclass(frozen=True)
class Person:
    """Where a submission's answers name a person: one step's name and personnummer."""

    step: str
    first_name: str
    last_name: str
    personnummer: str

    def named_in(self, answers: Answers) -> bool:
        return bool((answers.get(self.step) or {}).get(self.first_name))

    def name_in(self, answers: Answers) -> str:
        given = answers.get(self.step) or {}
        return f"{given.get(self.first_name) or ''} {given.get(self.last_name) or ''}".strip()

    def personnummer_in(self, answers: Answers) -> str:
        return (answers.get(self.step) or {}).get(self.personnummer) or ""

    def refs(self) -> tuple[Ref, ...]:
        names = (self.first_name, self.last_name, self.personnummer)
        return tuple((self.step, name) for name in names)


@dataclass(frozen=True)
class People:
    """Who the answers are about, for the case officers' lists ("Gäller"), masking and
    search, and the applicant's own e-mail address, the only one a receipt may go to."""

    applicant: Person
    email: Ref | None = None
    subject: Person | None = None  # whom it concerns when that is not the applicant

    def concerned(self, answers: Answers) -> Person:
        """The subject where the answers name one (a child), otherwise the applicant."""
        if self.subject is not None and self.subject.named_in(answers):
            return self.subject
        return self.applicant

    def email_in(self, answers: Answers) -> str | None:
        if self.email is None:
            return None
        step, name = self.email
        return (answers.get(step) or {}).get(name) or None

    def refs(self) -> tuple[Ref, ...]:
        found = [*self.applicant.refs(), *(self.subject.refs() if self.subject else ())]
        return (*found, *([self.email] if self.email else []))


@dataclass(frozen=True)
class Queue:
    """An e-service whose submissions wait for a place, in order of arrival."""

    title: str  # the staff side's heading, e.g. "Kö till Kontaktgruppen"
    lead: str  # one sentence under it: who waits, in what order
    counted: str  # what the count is of, e.g. "barn"
    waiting: tuple[str, ...]  # statuses that hold a place in the queue
    offered: str  # the status an offer of a place moves a submission to


@dataclass(frozen=True)
class Column:
    """One answer as an export shows it: a CSV column, a JSON property."""

    step: str
    step_title: str
    name: str
    label: str
    field: UnboundField


@dataclass(frozen=True)
class Flow:
    """One e-service, declared once. `key` is its key in site.yaml's `e_tjanster.formular`."""

    key: str
    unit_section: str  # whose unit handles it: its contact block and notification address
    steps: tuple[Step, ...]
    people: People
    statuses: tuple[Status, ...]  # in the order case officers choose them
    transitions: Transitions  # which statuses may follow each one (workflow.transitions)
    sent_heading: str  # the receipt's heading, e.g. "Ansökan är skickad"
    next_steps: tuple[str, ...]
    privacy_note: str = ""  # a sentence the privacy box adds for this kind of submission
    stop: tuple[str, str, str] | None = None  # (step, field, answer) that ends the form
    rules: tuple[AnswerRule, ...] = field(default=())
    queue: Queue | None = None
    # Offered in every language of site.yaml's `sprak` (the catalogs in
    # form_service/translations/); otherwise Swedish only, whatever the link asked for.
    translated: bool = False

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

    def saved_forms(self, answers: Answers) -> dict[str, StepForm]:
        """Each applying step's `saved_form`, by slug: the check page reads the answers
        in words from them and then validates them, building each form once."""
        return {step.slug: step.saved_form(answers) for step in self.applying(answers)}

    def problems(
        self,
        answers: Answers,
        ages: dict,
        today: dt.date,
        forms: dict[str, StepForm] | None = None,
    ) -> list[Problem]:
        """What must be corrected before sending, checked again on the day it is sent.

        Every step's rules, and the flow's rules across steps, run once more on the
        saved answers: an age limit may have been passed, the configured limits
        changed, or an earlier answer changed from this page, since a step was answered.
        `forms`: the steps' `saved_forms`, when the caller has built them already.
        """
        forms = forms or {}
        found = [
            problem
            for step in self.applying(answers)
            for problem in step.problems(answers, forms.get(step.slug))
        ]
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

    def status(self, key: str) -> Status | None:
        return next((status for status in self.statuses if status.key == key), None)

    def next_statuses(self, key: str) -> tuple[Status, ...]:
        """What a submission in status `key` may move to, in workflow order. A status the
        e-service no longer has may move to any it has, so that no case is stuck."""
        if self.status(key) is None:
            return self.statuses
        following = dict(self.transitions).get(key, ())
        return tuple(status for status in self.statuses if status.key in following)

    def allows(self, old: str, new: str) -> bool:
        return any(status.key == new for status in self.next_statuses(old))

    def columns(self) -> list[Column]:
        """Every question of every step, in the order the form asks them: what an
        export has a column (CSV) or a property (JSON) for."""
        return [
            Column(step.slug, str(step.title), name, str(unbound.args[0]), unbound)
            for step in self.steps
            for name, unbound in step.fields()
        ]

    def personnummer_fields(self) -> list[Ref]:
        """Every answer that is a personnummer (applicant, child, partner): what a
        search for everything about one person looks in."""
        return [
            (column.step, column.name)
            for column in self.columns()
            if any(isinstance(rule, ValidPersonnummer) for rule in _validators(column.field))
        ]

    def personnummer_in(self, answers: Answers) -> list[str]:
        return [
            value
            for step, name in self.personnummer_fields()
            if isinstance(value := (answers.get(step) or {}).get(name), str) and value
        ]

    def refs(self) -> list[tuple[str, Ref]]:
        """Every (step, field) the declaration names, with what names it, for a test."""
        named = [("when", step.when[:2]) for step in self.steps if step.when]
        named += [("stop", self.stop[:2])] if self.stop else []
        for rule in self.rules:
            named += [("rule", (rule.asked_on, rule.field))]
            named += [("rule reads", ref) for ref in rule.reads]
            named += [("rule fixed on", (rule.fixed_on, ""))] if rule.fixed_on else []
        return named + [("people", ref) for ref in self.people.refs()]


def _validators(unbound: UnboundField) -> list:
    return list(unbound.kwargs.get("validators") or [])


def answer_type(unbound: UnboundField) -> str:
    """How an answer is stored, for the export schema: text, choice, choices or yes/no."""
    if issubclass(unbound.field_class, BooleanField):
        return "boolean"
    if issubclass(unbound.field_class, CheckboxesField):
        return "choices"
    if issubclass(unbound.field_class, RadiosField):
        return "choice"
    return "text"
