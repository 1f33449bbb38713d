from __future__ import annotations

from types import SimpleNamespace

from flask import flash, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from engage.amendments.forms import AcceptForm, AmendmentForm
from engage.htmx import render
from engage.patterns import bp
from engage.proposals.forms import ProposalForm

NO_CSRF = {"csrf": False}


def _forms() -> dict:
    """Each form twice: as first shown, and sent back with errors."""
    sent = MultiDict({"bad-title": "Ban", "bad-body": "", "bad-a-kind": "replace"})
    sent_back = ProposalForm(formdata=sent, prefix="bad", meta=NO_CSRF)
    sent_back.validate()
    amendment = AmendmentForm(formdata=sent, prefix="bad-a", meta=NO_CSRF)
    amendment.validate()
    return {
        "proposal": ProposalForm(formdata=None, prefix="new", meta=NO_CSRF),
        "proposal_errors": sent_back,
        "amendment": AmendmentForm(formdata=None, prefix="new-a", meta=NO_CSRF),
        "amendment_errors": amendment,
        "accept": AcceptForm(formdata=None, prefix="accept", meta=NO_CSRF),
    }


def _support_states() -> list[tuple[str, SimpleNamespace, str | None]]:
    """(state, what supports/_controls.html reads as ``support``, the refusal)."""
    kind = SimpleNamespace(
        extra=None,
        button_text=_("Support this proposal"),
        supported_text=_("You support this proposal."),
        sign_in_text=_("Sign in to support this proposal"),
    )
    url = url_for("patterns.index")

    def region(count, supported=False, message=None, sign_in_url=None):
        return SimpleNamespace(
            of=kind,
            count=count,
            supported=supported,
            message=message,
            action_url=url,
            sign_in_url=sign_in_url,
        )

    login = url_for("accounts.login", next=url)
    return [
        (_("Not supported yet"), region(12), None),
        (_("Supported"), region(13, True, _("Thank you: your support is counted.")), None),
        (_("Signed out"), region(12, sign_in_url=login), _("Sign in to support.")),
        (_("Closed"), region(40), _("Supporting is closed: the consultation has ended.")),
    ]


def _comment_states() -> list[tuple[str, SimpleNamespace]]:
    """(state, the ``node`` comments/_votes.html reads), on an open consultation."""
    author = SimpleNamespace(display_name="Amina K.")
    states = []
    for n, (label, vote) in enumerate(
        [(_("No vote yet"), 0), (_("Agreed"), 1), (_("Disagreed"), -1)], start=1
    ):
        comment = SimpleNamespace(
            id=900_000 + n,
            author=author,
            author_id=-1,
            upvotes=7 + (vote == 1),
            downvotes=2 + (vote == -1),
            status="published",
            is_deleted=False,
        )
        states.append((label, SimpleNamespace(comment=comment, my_vote=vote)))
    return states


@bp.get("/patterns")
def index():
    """Every component in every state: buttons, fields, messages, tags, controls, tables."""
    for category, text in [
        ("success", _("Your proposal was published.")),
        ("info", _("Comments close on Friday.")),
        ("warning", _("Your session ends in 5 minutes.")),
        ("error", _("That did not work. Nothing was changed.")),
    ]:
        flash(text, category)
    consultation = SimpleNamespace(status="open", opens_at=None, closes_at=None)
    target = SimpleNamespace(
        kind="consultation", id=0, withdrawn=False, held=False, consultation=consultation
    )
    return render(
        "patterns/page.html",
        forms=_forms(),
        support_states=_support_states(),
        comment_states=_comment_states(),
        comment_target=target,
        statuses=["draft", "upcoming", "open", "closed", "outcome"],
        amendment_statuses=["proposed", "accepted", "rejected", "withdrawn"],
        chart_rows=[(_("Supports"), 42), (_("Comments"), 17), (_("Amendments"), 5)],
    )
