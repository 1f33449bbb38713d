"""Amendment pages: propose one for a clause, read it (diff, supports, comments), withdraw
it, and, for officials, accept or reject it. Lists: a draft's amendments by status."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from engage.amendments import bp, forms, queries, service
from engage.amendments.models import Amendment, AmendmentKind, AmendmentSupport
from engage.amendments.permissions import (
    amendment_refusal,
    amendment_support_refusal,
    can_decide_amendment,
    is_author,
    withdraw_refusal,
)
from engage.comments.queries import requested_thread
from engage.drafts import queries as draft_queries
from engage.drafts.loading import load_draft
from engage.drafts.permissions import can_view_draft
from engage.extensions import db, posting_limit
from engage.forms import ActionForm, form_status
from engage.htmx import render, wants_fragment
from engage.moderation.permissions import can_see
from engage.moderation.visibility import prime
from engage.params import arg_int
from engage.receipt_links import flash_with_receipt
from engage.supports.controls import Supportable

# Per person: new and withdrawn amendments share one budget, support clicks another
# (SUPPORT.add_routes), and decisions a third (an official deciding a batch is not spamming).
_posting_limit = posting_limit("amendment-posting")


def _load(amendment_id: int) -> Amendment:
    """The amendment, if this person may open it: its draft is readable, and it is not
    held for review (only its author and moderators see those)."""
    amendment = db.get_or_404(Amendment, amendment_id)
    if not can_view_draft(current_user, amendment.clause.draft) or not can_see(
        current_user, amendment
    ):
        abort(404)
    return amendment


def _where(amendment: Amendment) -> dict:
    """What the amendment's pages show it against: its clause, draft and consultation, and
    the clause's published text (and whether the amendment is out of date against it)."""
    clause = amendment.clause
    current = queries.published_text(clause)
    return {
        "amendment": amendment,
        "clause": clause,
        "draft": clause.draft,
        "consultation": clause.draft.consultation,
        "current": current,
        "out_of_date": amendment.out_of_date_against(current),
    }


def _page(amendment: Amendment, status: int = 200, message: str | None = None):
    """The amendment page, or its support region for an htmx swap."""
    thread = None if wants_fragment() else requested_thread("amendment", amendment.id)
    return render(
        "amendments/page.html",
        fragment="amendments/_supported.html",
        status=status,
        thread=thread,
        support=SUPPORT.region(amendment, message),
        **_where(amendment),
    )


def _open_for_support(amendment: Amendment) -> bool:
    return amendment.clause.draft.consultation.is_open and amendment.is_open


SUPPORT = Supportable(
    kind="amendment",
    blueprint="amendments",
    table=AmendmentSupport,
    refusal=amendment_support_refusal,
    support=service.support,
    unsupport=service.unsupport,
    is_open=_open_for_support,
    page=_page,
    supported_text=_l("You support this amendment."),
    unsupported_text=_l("You no longer support this amendment."),
    button_text=_l("Support this amendment"),
    sign_in_text=_l("Sign in to support this amendment"),
)


@bp.route(
    "/consultations/<slug>/draft/clauses/<int:number>/amendments/new", methods=["GET", "POST"]
)
@login_required
@_posting_limit
def new_amendment(slug: str, number: int):
    draft = load_draft(slug)
    clause = draft_queries.clause_by_number(draft, number)
    current = queries.published_text(clause) if clause is not None else None
    if current is None:  # not a clause of the current version
        abort(404)
    form = forms.AmendmentForm(current_text=current)
    context = {
        "draft": draft,
        "clause": clause,
        "consultation": draft.consultation,
        "current": current,
        "form": form,
    }
    refusal = amendment_refusal(current_user, clause)
    if refusal:
        return render("amendments/new.html", refusal=refusal, status=403, **context)
    if request.method == "GET" and not form.text.data:
        form.text.data = current
    if form.validate_on_submit():
        amendment = service.create(
            current_user, clause, form.kind.data, form.text.data, form.rationale.data
        )
        flash_with_receipt(_("Your amendment is published."), "amendment", amendment.id)
        return redirect(url_for(".view_amendment", amendment_id=amendment.id), 303)
    status = form_status()
    return render("amendments/new.html", status=status, **context)


@bp.get("/amendments/<int:amendment_id>")
def view_amendment(amendment_id: int):
    return _page(_load(amendment_id))


# POST …/support and …/unsupport: endpoints support_amendment and unsupport_amendment.
SUPPORT.add_routes(bp, "/amendments/<int:amendment_id>", _load)


@bp.route("/amendments/<int:amendment_id>/withdraw", methods=["GET", "POST"])
@login_required
@_posting_limit
def withdraw_amendment(amendment_id: int):
    amendment = _load(amendment_id)
    if not is_author(current_user, amendment):
        abort(403)
    form = ActionForm()
    refusal = withdraw_refusal(current_user, amendment)
    if refusal:
        return render(
            "amendments/withdraw.html", amendment=amendment, form=form, status=403, refusal=refusal
        )
    if form.validate_on_submit():
        service.withdraw(current_user, amendment)
        flash(_("Your amendment is withdrawn. It stays readable, marked as withdrawn."), "success")
        return redirect(url_for(".view_amendment", amendment_id=amendment.id), 303)
    status = form_status()
    return render("amendments/withdraw.html", amendment=amendment, form=form, status=status)


def _load_for_decision(amendment_id: int) -> Amendment:
    amendment = _load(amendment_id)
    if not can_decide_amendment(current_user, amendment):
        abort(403)
    return amendment


def _decide_page(amendment: Amendment, accept_form=None, reject_form=None, status: int = 200):
    """Both decisions side by side, with the three texts when the clause has moved on."""
    return render(
        "amendments/decide.html",
        refusal=service.accept_refusal(amendment),
        accept_form=accept_form or forms.AcceptForm(formdata=None, text=amendment.text),
        reject_form=reject_form or forms.RejectForm(formdata=None),
        status=status,
        **_where(amendment),
    )


@bp.get("/amendments/<int:amendment_id>/decide")
@login_required
def decide_amendment(amendment_id: int):
    return _decide_page(_load_for_decision(amendment_id))


@bp.post("/amendments/<int:amendment_id>/accept")
@login_required
def accept_amendment(amendment_id: int):
    amendment = _load_for_decision(amendment_id)
    form = forms.AcceptForm()
    if form.validate_on_submit():
        text = None if amendment.kind == AmendmentKind.DELETE else form.text.data
        try:
            version = service.accept(
                current_user,
                amendment,
                form.note.data,
                merged_text=text,
                confirmed=form.confirm.data,
            )
        except service.AmendmentError as error:
            form.confirm.errors = [str(error)]
        else:
            flash(
                _(
                    "Amendment accepted: version %(n)d of the draft is published with it.",
                    n=version.number,
                ),
                "success",
            )
            return redirect(url_for(".view_amendment", amendment_id=amendment.id), 303)
    return _decide_page(amendment, accept_form=form, status=422)


@bp.post("/amendments/<int:amendment_id>/reject")
@login_required
def reject_amendment(amendment_id: int):
    amendment = _load_for_decision(amendment_id)
    form = forms.RejectForm()
    if form.validate_on_submit():
        service.reject(current_user, amendment, form.reason.data)
        flash(_("Amendment rejected. Your reason is shown on it."), "success")
        return redirect(url_for(".view_amendment", amendment_id=amendment.id), 303)
    return _decide_page(amendment, reject_form=form, status=422)


@bp.get("/consultations/<slug>/draft/amendments")
def list_amendments(slug: str):
    """Every amendment to the draft, newest first, filtered by status."""
    draft = load_draft(slug)
    status = request.args.get("status") or None
    number = arg_int("clause")
    clause = draft_queries.clause_by_number(draft, number) if number is not None else None
    page = queries.for_draft(
        draft,
        current_user,
        status,
        arg_int("after"),
        clause_id=clause.id if clause else None,
    )
    clauses = queries.clauses_by_id(draft, {a.clause_id for a in page.items})
    prime(page.items)  # placeholders' reasons, one query for the whole page
    return render(
        "amendments/list.html",
        draft=draft,
        consultation=draft.consultation,
        page=page,
        chosen=status,
        clauses=clauses,
        clause=clause,
        counts=queries.status_counts(draft, current_user, clause.id if clause else None),
        current=queries.published_texts(draft, list(clauses)),
    )
