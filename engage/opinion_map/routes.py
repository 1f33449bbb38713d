"""Opinion map pages: vote one statement at a time, add a statement, what I voted, the
results, and the officials' set-up. Each loads, asks one rule, calls one service, responds.

Without JavaScript a vote is a form post answered by a 303 to the next statement; with
htmx the next statement is swapped in place, focused and announced.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.consultations.loading import consultation_or_404, managed_consultation
from engage.consultations.models import Consultation
from engage.consultations.translations import localize
from engage.extensions import limiter, user_rate_limit_key
from engage.forms import form_status
from engage.fragments import cache as fragments_cache
from engage.fragments import reader_page_key
from engage.htmx import render, wants_fragment
from engage.moderation import permissions as moderation_permissions
from engage.moderation.models import Visibility
from engage.opinion_map import bp, forms, permissions, queries, recompute, results, service
from engage.opinion_map.models import OpinionMap, OpinionStatement
from engage.params import arg_int
from engage.receipt_links import flash_with_receipt

bp.add_app_template_global(results.map_side, "map_side")
bp.add_app_template_global(results.summary_statements, "summary_statements")


def _succeeded(response) -> bool:
    return response.status_code < 400


_vote_limit = limiter.shared_limit(
    lambda: current_app.config["RATELIMIT_OPINION_VOTE"],
    scope="opinion-votes",
    key_func=user_rate_limit_key,
    methods=["POST"],
    deduct_when=_succeeded,
)
_statement_limit = limiter.shared_limit(
    lambda: current_app.config["RATELIMIT_OPINION_STATEMENT"],
    scope="opinion-statements",
    key_func=user_rate_limit_key,
    methods=["POST"],
    deduct_when=lambda response: response.status_code == 303,
)


def _me():
    return current_user._get_current_object()


def _my_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _map_or_404(slug: str) -> tuple[Consultation, OpinionMap]:
    consultation = consultation_or_404(slug)
    opinion_map = queries.map_of(consultation.id)
    if opinion_map is None or not opinion_map.enabled:
        abort(404)
    return consultation, opinion_map


def _kept_page(kind: str, template: str, consultation, opinion_map):
    """For readers who are not signed in, the page's content as kept a few seconds ago
    (engage.fragments.reader_page_key): (its key, the response or None to render it)."""
    key = reader_page_key(kind) if consultation.is_published else None
    kept = fragments_cache().get(key)
    if kept is None:
        return key, None
    page = render(
        template,
        consultation=localize(consultation),
        opinion_map=opinion_map,
        kept_content=kept,
    )
    return key, page


def _card(
    consultation,
    opinion_map,
    statement=None,
    *,
    announcement="",
    status=200,
    error="",
    kept_key=None,
):
    """The vote page, or for htmx its card: ``statement`` or the next one to vote on."""
    if statement is None:  # the last map's groups steer the choice (routing's extremity)
        found = recompute.latest(consultation)
        statement, voted = queries.next_statement(
            opinion_map,
            _my_id(),
            found.extremity if found else {},
            version=found.computed_at if found else None,
        )
        my_vote = None  # drawn from the statements this person has not voted on
    else:
        voted = queries.voted_count(opinion_map, _my_id())
        my_vote = queries.my_vote(statement, _my_id())
    return render(
        "opinion_map/vote.html",
        fragment="opinion_map/_vote_card.html",
        status=status,
        consultation=localize(consultation),
        opinion_map=opinion_map,
        statement=statement,
        my_vote=my_vote,
        voted=voted,
        refusal=permissions.vote_refusal(current_user, consultation),
        announcement=announcement,
        error=error,
        swapped=wants_fragment(),
        kept_key=kept_key,
    )


@bp.get("/<slug>/opinion-map")
def vote_page(slug: str):
    """One statement at a time: the next one not voted on, or the one asked for."""
    consultation, opinion_map = _map_or_404(slug)
    asked = arg_int("statement")
    statement = None
    if asked is not None:
        statement = queries.statement_in(opinion_map, asked)
        if statement is None or not moderation_permissions.can_read_text(current_user, statement):
            abort(404)
        return _card(consultation, opinion_map, statement)
    template = "opinion_map/vote.html"
    kept_key, kept = _kept_page("opinion-map-vote", template, consultation, opinion_map)
    return kept or _card(consultation, opinion_map, kept_key=kept_key)


@bp.post("/<slug>/opinion-map/vote")
@login_required
@_vote_limit
def vote(slug: str):
    """Agree, disagree or pass on one statement; voting again changes the vote."""
    consultation, opinion_map = _map_or_404(slug)
    form = forms.VoteForm()
    if not form.validate_on_submit():
        abort(400)
    statement = queries.statement_in(opinion_map, form.statement_number)
    if statement is None:
        abort(404)
    refusal = permissions.vote_refusal(current_user, consultation)
    if refusal is None and statement.visibility != Visibility.VISIBLE:
        refusal = _("This statement is held or hidden by moderation, so it takes no votes.")
    if refusal:
        return _card(consultation, opinion_map, status=403, error=refusal)
    service.vote(opinion_map, _me(), statement, form.vote_value)
    said = _vote_said(form.value.data, statement)
    back_to_mine = request.form.get("back") == "mine"
    if not wants_fragment():
        flash(said, "success")
        if back_to_mine:
            return redirect(
                url_for(".my_votes", slug=slug, _anchor=f"statement-{statement.id}"), 303
            )
        return redirect(url_for(".vote_page", slug=slug), 303)
    if back_to_mine:
        return render(
            "opinion_map/_my_vote_row.html",
            consultation=consultation,
            row=queries.MyVote(statement, form.vote_value),
            announcement=said,
        )
    return _card(consultation, opinion_map, announcement=said)


def _vote_said(value: str, statement: OpinionStatement) -> str:
    if value == "agree":
        return _("Vote recorded: you agree with “%(text)s”.", text=statement.text)
    if value == "disagree":
        return _("Vote recorded: you disagree with “%(text)s”.", text=statement.text)
    return _("Vote recorded: you passed on “%(text)s”.", text=statement.text)


@bp.get("/<slug>/opinion-map/my-votes")
@login_required
def my_votes(slug: str):
    """What I voted on each statement, with the buttons to change it."""
    consultation, opinion_map = _map_or_404(slug)
    return render(
        "opinion_map/my_votes.html",
        consultation=localize(consultation),
        opinion_map=opinion_map,
        votes=queries.my_votes(opinion_map, current_user.id, after=arg_int("after")),
        refusal=permissions.vote_refusal(current_user, consultation),
    )


@bp.route("/<slug>/opinion-map/statements/new", methods=["GET", "POST"])
@login_required
@_statement_limit
def new_statement(slug: str):
    """A resident adds a statement for others to vote on (held for review by default)."""
    consultation, opinion_map = _map_or_404(slug)
    refusal = permissions.statement_refusal(current_user, consultation)
    form = forms.StatementForm()
    if refusal is None and form.validate_on_submit():
        try:
            statement = service.submit(opinion_map, _me(), form.text.data)
        except service.DuplicateStatement as duplicate:
            form.text.errors.append(_duplicate_said(duplicate.existing))
        except service.StatementRefused:
            form.text.errors.append(_("Write a statement with at least one word."))
        else:
            flash_with_receipt(_statement_said(statement), "opinion_statement", statement.id)
            return redirect(url_for(".vote_page", slug=slug), 303)
    return render(
        "opinion_map/new_statement.html",
        status=403 if refusal else form_status(form),
        consultation=localize(consultation),
        opinion_map=opinion_map,
        form=form,
        refusal=refusal,
    )


def _duplicate_said(existing: OpinionStatement | None) -> str:
    if existing is not None and existing.visibility == Visibility.VISIBLE:
        return _(
            "This statement is already on the map: “%(text)s”. Vote on it instead.",
            text=existing.text,
        )
    return _("The same statement was already sent (it may be waiting for a moderator).")


def _statement_said(statement: OpinionStatement) -> str:
    if statement.visibility == Visibility.PENDING:
        return _("Thank you. Your statement will be shown once a moderator has checked it.")
    return _("Thank you. Your statement is on the map for others to vote on.")


@bp.get("/<slug>/opinion-map/results")
def view_results(slug: str):
    """Where people agree and where they divide: summary, groups, consensus, the map.
    Long lists show their first few; ``?all=consensus`` (or divisive, uncertain) all."""
    consultation, opinion_map = _map_or_404(slug)
    template = "opinion_map/results.html"
    kept_key, kept = _kept_page("opinion-map-results", template, consultation, opinion_map)
    if kept is not None:
        return kept
    return render(
        template,
        consultation=localize(consultation),
        opinion_map=opinion_map,
        results=results.for_page(
            consultation, opinion_map, _my_id(), expanded=request.args.get("all")
        ),
        kept_key=kept_key,
    )


@bp.route("/<slug>/opinion-map/set-up", methods=["GET", "POST"])
@login_required
def set_up(slug: str):
    """Officials turn the map on or off, choose pre-moderation and seed statements."""
    consultation = managed_consultation(slug, permissions.can_set_up_opinion_map)
    opinion_map = queries.map_of(consultation.id)
    form = forms.SetUpForm()
    if request.method == "GET":
        form.enabled.data = opinion_map.enabled if opinion_map else True
        form.premoderation.data = opinion_map.premoderation if opinion_map else True
    elif form.validate_on_submit():
        opinion_map = service.set_up(
            consultation,
            _me(),
            enabled=form.enabled.data,
            premoderation=form.premoderation.data,
        )
        seeded = service.seed(opinion_map, _me(), form.lines)
        flash(_set_up_said(opinion_map, seeded), "success")
        return redirect(url_for(".set_up", slug=slug), 303)
    return render(
        "opinion_map/set_up.html",
        status=form_status(form),
        consultation=localize(consultation),
        opinion_map=opinion_map,
        form=form,
    )


def _set_up_said(opinion_map: OpinionMap, seeded: service.Seeded) -> str:
    said = [_("The opinion map is on.") if opinion_map.enabled else _("The opinion map is off.")]
    if seeded.added:
        said.append(_("Statements added: %(n)d.", n=len(seeded.added)))
    if seeded.duplicates:
        said.append(
            _("Left out as already on the map: %(lines)s.", lines="; ".join(seeded.duplicates))
        )
    return " ".join(said)
