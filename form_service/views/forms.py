"""The form pages: each step, the check page ("Granska och skicka") and the receipt.

POST → redirect → GET throughout; a receipt is shown only after the submission is
committed, and sending twice (a double click, the back button) stores it once.
"""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response
from wtforms import BooleanField

from form_service.core import clock
from form_service.core.i18n import current_language
from form_service.core.i18n import gettext as _
from form_service.core.i18n import lazy_gettext as _l
from form_service.core.retention import retain_until
from form_service.core.security import limiter
from form_service.core.settings import public_settings
from form_service.eservices.answers import answer_rows, by_step
from form_service.eservices.flows import Answers, Flow
from form_service.forms.base import StepForm
from form_service.storage.db import get_session
from form_service.storage.submissions import (
    Keys,
    find_submission,
    receipt_requested,
    store_submission,
)
from form_service.views import drafts, receipts

bp = Blueprint("forms", __name__)
HONEYPOT = "webbplats"


class ReceiptChoice(StepForm):
    """The check page's one question, opt-in: the page's CSRF token is the form
    wrapper's, checked by CSRFProtect, so this form has none of its own."""

    kvitto = BooleanField(_l("Skicka en kvittens till min e-post"))


def flow_at(path: str) -> Flow:
    flow = current_app.extensions["flows_by_path"].get(path.strip("/"))
    if flow is None:
        abort(404)
    return flow


@bp.get("/")
def index() -> str:
    """The e-services' own address (`/e-tjanst/`): a list of every e-service."""
    eservices = current_app.extensions["site_config"].eservices
    services = [
        (eservices[flow.key].titel, url_for(".start", flow_path=path))
        for path, flow in current_app.extensions["flows_by_path"].items()
    ]
    return render_template("forms/index.html", services=services)


@bp.get("/<path:flow_path>/")
def start(flow_path: str) -> Response:
    flow = flow_at(flow_path)
    draft = drafts.load(flow)
    step = flow.first_unanswered(draft.answers) or flow.steps[0]
    return redirect(url_for(".step", flow_path=flow_path, slug=step.slug))


@bp.route("/<path:flow_path>/steg/<slug>/", methods=["GET", "POST"])
def step(flow_path: str, slug: str) -> Response | str:
    flow = flow_at(flow_path)
    step = flow.step(slug)
    if step is None:
        abort(404)
    draft = drafts.load(flow)
    if not step.applies(draft.answers):
        return redirect(url_for(".start", flow_path=flow_path))
    form = step.form(data=draft.answers.get(slug))
    if request.method == "POST" and form.validate() and _meets_the_rules(flow, slug, form, draft):
        draft.answers[slug] = _answers_of(form)
        draft.data["spam"] = draft.data["spam"] or bool(request.form.get(HONEYPOT))
        return _after_step(flow_path, flow, draft, slug)
    position = [s.slug for s in flow.applying(draft.answers)].index(slug) + 1
    count = len(flow.applying(draft.answers))
    return render_template(
        "forms/step.html",
        flow=flow,
        step=step,
        form=form,
        position=position,
        count=count,
        service=_service(flow),
        flow_path=flow_path,
        honeypot=HONEYPOT,
        action=_action(flow_path, slug),
        back=_back_from_step(flow_path, flow, draft.answers, slug),
    )


def _answers_of(form: StepForm) -> dict:
    return {k: v for k, v in form.data.items() if k != "csrf_token"}


def _meets_the_rules(flow: Flow, slug: str, form: StepForm, draft: drafts.Draft) -> bool:
    """Rules over several steps' answers (an age limit that depends on the chosen
    assignments), checked where the answer is given: a broken one is shown under its field."""
    answers = {**draft.answers, slug: _answers_of(form)}
    ages = current_app.extensions["site_config"].ages
    errors = flow.rule_errors(slug, answers, ages, clock.today())
    for name, message in errors:
        form[name].errors.append(message)
    return not errors


def _action(flow_path: str, slug: str) -> str:
    """Where the step's form is sent: the step itself, keeping `tillbaka` (coming from
    the check page, the person goes back there once the answer is changed)."""
    back = request.args.get("tillbaka")
    if back is None or back == "granska":
        return _step_url(flow_path, slug, from_check=back is not None)
    return url_for(".step", flow_path=flow_path, slug=slug, tillbaka=back)


def _back_from_step(flow_path: str, flow: Flow, answers: Answers, slug: str) -> str | None:
    """Where "Tillbaka" leads: the check page when the person came from it to change an
    answer, otherwise the step before this one (none on the first step)."""
    if request.args.get("tillbaka") == "granska":
        return url_for(".check", flow_path=flow_path)
    slugs = [step.slug for step in flow.applying(answers)]
    index = slugs.index(slug)
    return _step_url(flow_path, slugs[index - 1]) if index else None


def _step_url(flow_path: str, slug: str, from_check: bool = False) -> str:
    """A step's address (`from_check`: with `?tillbaka=granska`, to come back to the
    check page), worked out once per app, prefix and step: the check page links every
    step, and building an address with a query costs more than the rest of the link.
    Only the e-services' own paths and steps are remembered, so the memory is bounded."""
    back = "granska" if from_check else None
    if flow_path not in current_app.extensions["flows_by_path"]:
        return url_for(".step", flow_path=flow_path, slug=slug, tillbaka=back)
    known = current_app.extensions.setdefault("step_urls", {})
    key = (request.script_root, flow_path, slug, from_check)
    if key not in known:
        known[key] = url_for(".step", flow_path=flow_path, slug=slug, tillbaka=back)
    return known[key]


def _after_step(flow_path: str, flow: Flow, draft: drafts.Draft, slug: str) -> Response:
    if flow.stopped(draft.answers):
        drafts.discard(flow)
        return redirect(url_for(".call_us", flow_path=flow_path))
    drafts.save(draft)
    following = flow.first_unanswered(draft.answers)
    if request.args.get("tillbaka") == "granska" or following is None:
        return redirect(url_for(".check", flow_path=flow_path))
    return redirect(url_for(".step", flow_path=flow_path, slug=following.slug))


@bp.route("/<path:flow_path>/granska/", methods=["GET", "POST"])
@limiter.limit(lambda: public_settings().RATELIMIT_SUBMIT, methods=["POST"])
def check(flow_path: str) -> Response | str:
    flow = flow_at(flow_path)
    draft = drafts.load(flow)
    if request.method == "POST" and draft.is_new:
        return _resend_or_restart(flow_path, flow)
    missing = flow.first_unanswered(draft.answers)
    if draft.is_new or missing is not None:
        return redirect(url_for(".start", flow_path=flow_path))
    ages = current_app.extensions["site_config"].ages
    forms = flow.saved_forms(draft.answers)
    sections = by_step(answer_rows(flow, draft.answers, forms))  # before validating them
    problems = flow.problems(draft.answers, ages, clock.today(), forms)
    address = flow.people.email_in(draft.answers)
    receipt_choice = _receipt_choice(address) if address else None
    if (
        request.method == "POST"
        and not problems
        and request.form.get("nyckel") == draft.data["key"]
    ):
        wanted = receipt_choice is not None and bool(receipt_choice.kvitto.data)
        return _send(flow_path, flow, draft, receipt_to=address if wanted else None)
    return render_template(
        "forms/check.html",
        flow=flow,
        sections=sections,
        problems=problems,
        service=_service(flow),
        flow_path=flow_path,
        key=draft.data["key"],
        receipt_choice=receipt_choice,
        change_url=lambda slug: _step_url(flow_path, slug, from_check=True),
        back=_step_url(flow_path, flow.applying(draft.answers)[-1].slug),
    )


def _receipt_choice(address: str) -> ReceiptChoice:
    choice = ReceiptChoice(meta={"csrf": False})
    choice.kvitto.description = _(
        "Kvittensen skickas till %(address)s. Den innehåller bara e-tjänstens namn och "
        "referensnumret, inte dina svar.",
        address=address,
    )
    return choice


def _send(
    flow_path: str, flow: Flow, draft: drafts.Draft, receipt_to: str | None = None
) -> Response:
    too_fast = time.time() - draft.data["started"] < public_settings().MIN_FILL_SECONDS
    today = clock.today()
    stored = store_submission(
        get_session(),
        Keys(
            public_settings().SUBMISSION_PUBLIC_KEY,
            public_settings().SECRET_KEY,
            public_settings().DRAFT_KEY,
        ),
        form_kind=flow.key,
        queued=flow.queue is not None,
        answers=flow.kept_answers(draft.answers),
        idempotency_key=draft.data["key"],
        spam_suspected=draft.data["spam"] or too_fast,
        retain_until=retain_until(current_app.extensions["site_config"], flow.key, today),
        receipt_to=receipt_to,
        language=current_language() if flow.translated else "",
    )
    drafts.discard(flow)
    current_app.logger.info("submission stored: %s %s", flow.key, stored.reference)
    mail = (
        receipt_to is not None
        if stored.created
        else receipt_requested(get_session(), stored.reference)
    )
    receipts.remember(flow, stored.reference, draft.data["key"], mail)
    return redirect(url_for(".receipt", flow_path=flow_path))


def _resend_or_restart(flow_path: str, flow: Flow) -> Response:
    """The draft is gone: this was already sent (show its receipt again), or it expired.

    The check page's key identifies the submission, so a resend after a dropped
    connection shows this submission's receipt, never that of an earlier one in the
    same browser, and with the same one-time code (derived from the key).
    """
    key = request.form.get("nyckel", "")[:64]
    if not receipts.sent_with(key):
        existing = find_submission(get_session(), key)
        if existing is None or existing.form_kind != flow.key:
            return redirect(url_for(".start", flow_path=flow_path))
        mail = receipt_requested(get_session(), existing.reference)
        receipts.remember(flow, existing.reference, key, mail)
    return redirect(url_for(".receipt", flow_path=flow_path))


@bp.get("/<path:flow_path>/skickad/")
def receipt(flow_path: str) -> Response | str:
    flow = flow_at(flow_path)
    receipt = receipts.current(flow)
    if receipt is None:
        return redirect(url_for(".start", flow_path=flow_path))
    return render_template(
        "forms/receipt.html",
        flow=flow,
        receipt=receipt,
        code=receipts.code_once(),
        service=_service(flow),
    )


@bp.get("/<path:flow_path>/ring-oss/")
def call_us(flow_path: str) -> str:
    flow = flow_at(flow_path)
    return render_template("forms/call-us.html", flow=flow, service=_service(flow))


def _service(flow: Flow):
    return current_app.extensions["site_config"].eservices[flow.key]
