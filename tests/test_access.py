"""Who may use which route: one row per endpoint in ACCESS, checked for every role.

Every endpoint the app registers must have a row here, or
``test_every_endpoint_has_an_access_rule`` fails. To add a route, add a row::

    "consultations.view_consultation": Route(
        get=everyone(200),
        post=signed_in(422),
        args=lambda f, people: {"consultation_id": f.consultation().id},
    ),

- ``get`` / ``post``: the status each role gets (anonymous, resident, moderator,
  official, admin). Build them with ``everyone``, ``signed_in``, ``guests_only``,
  ``admins_only`` or ``expect(...)`` for any other mix. ``LOGIN`` means "sent to the
  sign-in page". Leave out a method the route does not accept.
- POSTs carry a valid CSRF token and an otherwise empty form, so allowed roles usually
  get 422 (form errors) or 303 (done); refused roles get LOGIN or 403, and a bad token
  must not let them see anything either.
- ``args`` builds the URL arguments: ``f`` is the factories, ``people`` maps each role
  to its signed-in user (None for anonymous), for rows that need an object someone owns.

Each 200 HTML page is also checked for the security headers and for inline code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import url_for

from engage.accounts import tokens
from engage.extensions import limiter
from tests.amendments.helpers import out_of_date_amendment
from tests.factories import csrf_token_from, login
from tests.outcomes.helpers import commitment_args, outcome_world
from tests.test_security import check_page

ROLES = ("anonymous", "resident", "moderator", "official", "admin")
LOGIN = "login"  # 302 to the sign-in page, with ?next= back here
Expected = dict[str, int | str]


def _notice(user) -> int:
    from tests.notifications.helpers import notice_for

    return notice_for(user).id


def _unsubscribe_token(user) -> str:
    from engage.notifications.emails import unsubscribe_token

    return unsubscribe_token(user, "replies")


def _someone_elses_session(f) -> int:
    from engage.accounts.sessions import UserSession
    from engage.extensions import db

    row = UserSession(user_id=f.user().id, token_hash="0" * 64, browser="", system="")
    db.session.add(row)
    db.session.commit()
    return row.id


def _now():
    from engage.database import utcnow

    return utcnow()


def expect(anonymous, resident, moderator, official, admin) -> Expected:
    return dict(zip(ROLES, (anonymous, resident, moderator, official, admin), strict=True))


def everyone(status: int) -> Expected:
    return expect(status, status, status, status, status)


def signed_in(status: int = 200) -> Expected:
    return expect(LOGIN, status, status, status, status)


def guests_only(status: int = 200, signed_in_status: int = 302) -> Expected:
    return expect(status, signed_in_status, signed_in_status, signed_in_status, signed_in_status)


def admins_only(status: int = 200) -> Expected:
    return expect(LOGIN, 403, 403, 403, status)


def no_args(f, people) -> dict[str, Any]:
    return {}


def _draft(f, versions: int = 1, **extra) -> dict[str, Any]:
    return {"slug": f.draft(versions=versions).consultation.slug, **extra}


def _draft_part(f) -> dict[str, Any]:
    draft = f.draft()
    from engage.drafts.queries import clause_by_number

    return {"slug": draft.consultation.slug, "part_id": clause_by_number(draft, 1).id}


@dataclass(frozen=True)
class Route:
    get: Expected | None = None
    post: Expected | None = None
    args: Callable[[Any, dict], dict[str, Any]] = field(default=no_args)


ACCESS: dict[str, Route] = {
    # Site-wide
    "main.home": Route(get=everyone(200)),
    "main.health": Route(get=everyone(200)),
    "main.set_language": Route(post=everyone(303)),
    "main.accessibility_statement": Route(get=everyone(200)),
    "main.privacy_notice": Route(get=everyone(200)),
    "preferences.edit_display": Route(get=everyone(200), post=everyone(303)),
    # Search
    "search.search": Route(get=everyone(200)),
    # Accounts
    "accounts.register": Route(get=guests_only(), post=guests_only(422)),
    "accounts.check_email": Route(get=everyone(200)),
    "accounts.verify_email": Route(
        get=everyone(303),
        args=lambda f, people: {"token": tokens.make_verify_token(f.user(verified=False))},
    ),
    "accounts.resend_verification": Route(post=signed_in(303)),
    "accounts.login": Route(get=guests_only(), post=guests_only(422)),
    "accounts.logout": Route(post=everyone(303)),
    "accounts.forgot_password": Route(get=everyone(200), post=everyone(422)),
    "accounts.reset_password": Route(
        get=everyone(200),
        post=everyone(422),
        args=lambda f, people: {"token": tokens.make_reset_token(f.user())},
    ),
    "accounts.change_password": Route(get=signed_in(200), post=signed_in(422)),
    "accounts.profile": Route(get=signed_in(200), post=signed_in(422)),
    "accounts.security_events": Route(get=signed_in(200)),
    "accounts.sign_out_everywhere": Route(post=signed_in(303)),
    # Someone else's session: nobody but its owner may end it.
    "accounts.end_session": Route(
        post=expect(LOGIN, 404, 404, 404, 404),
        args=lambda f, people: {"session_id": _someone_elses_session(f)},
    ),
    "accounts.unlock": Route(
        get=everyone(303),
        args=lambda f, people: {"token": tokens.make_unlock_token(f.user(), _now())},
    ),
    # Two-factor sign-in: the code step needs a right password first (else back to sign-in);
    # staff (factories) have a second factor, residents don't.
    "two_factor.verify": Route(
        get=expect(303, 302, 302, 302, 302), post=expect(303, 302, 302, 302, 302)
    ),
    "two_factor.setup": Route(get=signed_in(200), post=expect(LOGIN, 422, 303, 303, 303)),
    "two_factor.new_recovery_codes": Route(post=expect(LOGIN, 303, 422, 422, 422)),
    "two_factor.replace": Route(post=expect(LOGIN, 303, 422, 422, 422)),
    "two_factor.cancel_replace": Route(post=signed_in(303)),
    "admin.reset_second_factor": Route(
        post=expect(LOGIN, 403, 403, 403, 422),
        args=lambda f, people: {"user_id": people["moderator"].id},
    ),
    # Administration
    "admin.users": Route(get=admins_only(200)),
    "admin.user_detail": Route(
        get=admins_only(200),
        post=admins_only(422),
        args=lambda f, people: {"user_id": people["resident"].id},
    ),
    "admin.audit_log": Route(get=admins_only(200)),
    # Consultations: drafts are 404 for those who may not manage them.
    "consultations.list_consultations": Route(get=everyone(200)),
    "consultations.view_consultation": Route(
        get=everyone(200), args=lambda f, people: {"slug": f.consultation("open").slug}
    ),
    "consultations.preview_consultation": Route(
        get=expect(LOGIN, 404, 404, 200, 200),
        args=lambda f, people: {"slug": f.consultation("draft").slug},
    ),
    "consultations.new_consultation": Route(
        get=expect(LOGIN, 403, 403, 200, 200), post=expect(LOGIN, 403, 403, 422, 422)
    ),
    "consultations.edit_consultation": Route(
        get=expect(LOGIN, 404, 404, 200, 200),
        post=expect(LOGIN, 404, 404, 422, 422),
        args=lambda f, people: {"slug": f.consultation("draft").slug},
    ),
    "consultations.publish_consultation": Route(
        post=expect(LOGIN, 404, 404, 303, 303),
        args=lambda f, people: {"slug": f.consultation("draft").slug},
    ),
    "consultations.close_consultation": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, people: {"slug": f.consultation("open").slug},
    ),
    # Translations: the officials who manage the consultation. An empty form changes nothing.
    "consultations.translations": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        args=lambda f, people: {"slug": f.consultation("open").slug},
    ),
    "consultations.edit_translation": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        post=expect(LOGIN, 403, 403, 303, 303),
        args=lambda f, people: {"slug": f.consultation("open").slug, "locale": "es"},
    ),
    "consultations.manage_topics": Route(get=admins_only(200), post=admins_only(422)),
    "consultations.rename_topic": Route(post=admins_only(422), args=lambda f, p: {"topic_id": 1}),
    "consultations.move_topic": Route(post=admins_only(303), args=lambda f, p: {"topic_id": 1}),
    # Proposals: only the author edits or withdraws; anyone signed in and verified supports.
    "proposals.new_proposal": Route(
        get=signed_in(200),
        post=signed_in(422),
        args=lambda f, people: {"slug": f.consultation("open").slug},
    ),
    "proposals.view_proposal": Route(
        get=everyone(200), args=lambda f, people: {"proposal_id": f.proposal().id}
    ),
    "proposals.edit_proposal": Route(
        get=expect(LOGIN, 200, 403, 403, 403),
        post=expect(LOGIN, 422, 403, 403, 403),
        args=lambda f, people: {"proposal_id": f.proposal(author=people["resident"]).id},
    ),
    "proposals.withdraw_proposal": Route(
        get=expect(LOGIN, 200, 403, 403, 403),
        post=expect(LOGIN, 303, 403, 403, 403),
        args=lambda f, people: {"proposal_id": f.proposal(author=people["resident"]).id},
    ),
    "proposals.support_proposal": Route(
        post=signed_in(303), args=lambda f, people: {"proposal_id": f.proposal().id}
    ),
    "proposals.unsupport_proposal": Route(
        post=signed_in(303), args=lambda f, people: {"proposal_id": f.proposal().id}
    ),
    "proposals.proposal_versions": Route(
        get=everyone(200), args=lambda f, people: {"proposal_id": f.proposal().id}
    ),
    "proposals.proposal_version": Route(
        get=everyone(200),
        args=lambda f, people: {"proposal_id": f.proposal_version().proposal_id, "number": 1},
    ),
    # Co-authors: the author invites; only the invited person answers (the resident here).
    "coauthors.manage": Route(
        get=expect(LOGIN, 200, 403, 403, 403),
        post=expect(LOGIN, 422, 403, 403, 403),
        args=lambda f, people: {"proposal_id": f.proposal(author=people["resident"]).id},
    ),
    "coauthors.invitation": Route(
        get=expect(LOGIN, 200, 403, 403, 403),
        args=lambda f, people: {
            "proposal_id": f.coauthor_invitation(people["resident"]).proposal_id
        },
    ),
    "coauthors.respond": Route(
        post=expect(LOGIN, 303, 403, 403, 403),
        args=lambda f, people: {
            "proposal_id": f.coauthor_invitation(people["resident"]).proposal_id,
            "answer": "accept",
        },
    ),
    # Amendments: reading is public; proposing and supporting need a verified account;
    # only the author withdraws; officials who manage the consultation decide.
    "amendments.new_amendment": Route(
        get=signed_in(200),
        post=signed_in(422),
        args=lambda f, people: {"slug": f.draft().consultation.slug, "number": 1},
    ),
    "amendments.view_amendment": Route(
        get=everyone(200), args=lambda f, people: {"amendment_id": f.amendment().id}
    ),
    "amendments.list_amendments": Route(
        get=everyone(200),
        args=lambda f, people: {"slug": f.amendment().clause.draft.consultation.slug},
    ),
    "amendments.support_amendment": Route(
        post=signed_in(303), args=lambda f, people: {"amendment_id": f.amendment().id}
    ),
    "amendments.unsupport_amendment": Route(
        post=signed_in(303), args=lambda f, people: {"amendment_id": f.amendment().id}
    ),
    "amendments.withdraw_amendment": Route(
        get=expect(LOGIN, 200, 403, 403, 403),
        post=expect(LOGIN, 303, 403, 403, 403),
        args=lambda f, people: {"amendment_id": f.amendment(author=people["resident"]).id},
    ),
    "amendments.decide_amendment": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        args=lambda f, people: {"amendment_id": f.amendment().id},
    ),
    # Out of date, so an empty form (no confirmed text) publishes nothing: 422.
    "amendments.accept_amendment": Route(
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, people: {"amendment_id": out_of_date_amendment(f).id},
    ),
    "amendments.reject_amendment": Route(
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, people: {"amendment_id": f.amendment().id},
    ),
    # Assisted input and the readability check: officials and admins only.
    "assisted.record_input": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, people: {"slug": f.consultation("open").slug},
    ),
    "assisted.import_submissions": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, people: {"slug": f.consultation("open").slug},
    ),
    "assisted.import_template": Route(get=expect(LOGIN, 403, 403, 200, 200)),
    "readability.check": Route(
        get=expect(LOGIN, 403, 403, 200, 200), post=expect(LOGIN, 403, 403, 200, 200)
    ),
    # Drafts: published versions are public; the officials who manage the consultation
    # import, edit and publish (an empty form: 422; removing or restoring: 303).
    "drafts.view_draft": Route(get=everyone(200), args=lambda f, p: _draft(f)),
    "drafts.view_version": Route(get=everyone(200), args=lambda f, p: _draft(f, number=1)),
    "drafts.compare_versions": Route(
        get=everyone(200), args=lambda f, p: _draft(f, versions=2, **{"from": 1, "to": 2})
    ),
    "drafts.view_clause": Route(get=everyone(200), args=lambda f, p: _draft(f, number=1)),
    "drafts.export_markdown": Route(get=everyone(200), args=lambda f, p: _draft(f)),
    "drafts.print_version": Route(get=everyone(200), args=lambda f, p: _draft(f)),
    "drafts.edit_draft": Route(get=expect(LOGIN, 403, 403, 200, 200), args=lambda f, p: _draft(f)),
    "drafts.import_draft": Route(
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, p: {"slug": f.consultation("open").slug},
    ),
    "drafts.edit_part": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, p: _draft_part(f),
    ),
    "drafts.remove_part": Route(
        post=expect(LOGIN, 403, 403, 303, 303), args=lambda f, p: _draft_part(f)
    ),
    "drafts.restore_part": Route(
        post=expect(LOGIN, 403, 403, 303, 303), args=lambda f, p: _draft_part(f)
    ),
    "drafts.add_part": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, p: _draft(f),
    ),
    "drafts.publish_draft": Route(
        post=expect(LOGIN, 403, 403, 422, 422), args=lambda f, p: _draft(f)
    ),
    # Comments: reading is public; posting and voting need a verified account; only the
    # author edits or deletes. An empty POST names no target (404) or no vote (400).
    "comments.create": Route(post=expect(LOGIN, 404, 404, 404, 404)),
    "comments.thread": Route(
        get=everyone(200),
        args=lambda f, people: {"target_type": "consultation", "target_id": f.consultation().id},
    ),
    "comments.show": Route(
        get=everyone(200), args=lambda f, people: {"comment_id": f.comment().id}
    ),
    "comments.reply": Route(
        get=everyone(200), args=lambda f, people: {"comment_id": f.comment().id}
    ),
    "comments.history": Route(
        get=everyone(200), args=lambda f, people: {"comment_id": f.comment().id}
    ),
    "comments.edit": Route(
        get=expect(LOGIN, 200, 403, 403, 403),
        post=expect(LOGIN, 422, 403, 403, 403),
        args=lambda f, people: {"comment_id": f.comment(author=people["resident"]).id},
    ),
    "comments.delete": Route(
        post=expect(LOGIN, 303, 403, 403, 403),
        args=lambda f, people: {"comment_id": f.comment(author=people["resident"]).id},
    ),
    "comments.vote": Route(
        post=signed_in(400), args=lambda f, people: {"comment_id": f.comment().id}
    ),
    # Outcomes: officials answer and report; the report, tracker and dashboard are public
    # once published (an unpublished report is 404 for the public). Empty forms: 422.
    "outcomes.answer_proposals": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        args=lambda f, people: {"slug": f.consultation("closed").slug},
    ),
    "outcomes.answer_proposal": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, people: {"proposal_id": f.proposal(f.consultation("closed")).id},
    ),
    "outcomes.view_outcome": Route(
        get=everyone(200), args=lambda f, people: {"slug": outcome_world(f)["slug"]}
    ),
    "outcomes.edit_outcome": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, people: {"slug": f.consultation("closed").slug},
    ),
    "outcomes.publish_outcome": Route(
        post=expect(LOGIN, 403, 403, 303, 303),
        args=lambda f, people: {"slug": outcome_world(f, publish=False)["slug"]},
    ),
    "outcomes.list_commitments": Route(
        get=everyone(200), args=lambda f, people: {"slug": outcome_world(f)["slug"]}
    ),
    "outcomes.new_commitment": Route(
        get=expect(LOGIN, 403, 403, 200, 200),
        post=expect(LOGIN, 403, 403, 422, 422),
        args=lambda f, people: {"slug": outcome_world(f)["slug"]},
    ),
    "outcomes.view_commitment": Route(
        get=everyone(200),
        args=commitment_args,
    ),
    "outcomes.update_commitment": Route(
        post=expect(LOGIN, 403, 403, 422, 422),
        args=commitment_args,
    ),
    "outcomes.add_milestone": Route(
        post=expect(LOGIN, 403, 403, 422, 422),
        args=commitment_args,
    ),
    "outcomes.reach_milestone": Route(
        post=expect(LOGIN, 403, 403, 303, 303),
        args=lambda f, people: {"milestone_id": outcome_world(f, commitment=True)["milestone_id"]},
    ),
    "outcomes.accountability": Route(get=everyone(200)),
    # Open data and the API: public, read-only; drafts have no open data (404 for everyone).
    "opendata.index": Route(get=everyone(200)),
    "opendata.download": Route(
        get=everyone(200), args=lambda f, people: {"name": "proposals", "fmt": "csv"}
    ),
    "opendata.dataset_schema": Route(
        get=everyone(200), args=lambda f, people: {"name": "comments"}
    ),
    "opendata.consultation_index": Route(
        get=everyone(200), args=lambda f, people: {"slug": f.consultation("open").slug}
    ),
    "opendata.consultation_download": Route(
        get=everyone(404),
        args=lambda f, people: {
            "slug": f.consultation("draft").slug,
            "name": "comments",
            "fmt": "json",
        },
    ),
    "api.index": Route(get=everyone(200)),
    "api.openapi": Route(get=everyone(200)),
    "api.list_rows": Route(get=everyone(200), args=lambda f, people: {"name": "consultations"}),
    "api.get_row": Route(
        get=everyone(200), args=lambda f, people: {"name": "proposals", "item_id": f.proposal().id}
    ),
    # Notifications: your own notices and settings; following needs an account. The
    # unsubscribe link works signed in or not (the signed token is the proof).
    "notifications.list_notices": Route(get=signed_in(200)),
    "notifications.mark_read": Route(
        post=expect(LOGIN, 303, 404, 404, 404),
        args=lambda f, people: {"notice_id": _notice(people["resident"])},
    ),
    "notifications.mark_all_read": Route(post=signed_in(303)),
    # A setting left out of the form keeps its current value, so an empty form saves.
    "notifications.settings": Route(get=signed_in(200), post=signed_in(303)),
    "notifications.follow": Route(
        post=signed_in(303),
        args=lambda f, people: {"target_type": "consultation", "target_id": f.consultation().id},
    ),
    "notifications.unfollow": Route(
        post=signed_in(303),
        args=lambda f, people: {"target_type": "proposal", "target_id": f.proposal().id},
    ),
    "notifications.unsubscribe": Route(
        get=everyone(200),
        post=everyone(303),
        args=lambda f, people: {"token": _unsubscribe_token(f.user())},
    ),
    # Moderation decisions: moderators and admins only (residents and officials 403), except
    # the public log and guidelines (everyone) and the author's own decisions and appeals.
    "moderation.queue": Route(get=expect(LOGIN, 403, 200, 403, 200)),
    "moderation.view_case": Route(
        get=expect(LOGIN, 403, 200, 403, 200), args=lambda f, people: {"case_id": _case(f)}
    ),
    "moderation.claim_case": Route(
        post=expect(LOGIN, 403, 303, 403, 303), args=lambda f, people: {"case_id": _case(f)}
    ),
    "moderation.release_case": Route(
        post=expect(LOGIN, 403, 303, 403, 303), args=lambda f, people: {"case_id": _case(f)}
    ),
    "moderation.decide_case": Route(
        post=expect(LOGIN, 403, 422, 403, 422), args=lambda f, people: {"case_id": _case(f)}
    ),
    "moderation.bulk_decide": Route(post=expect(LOGIN, 403, 422, 403, 422)),
    "moderation.my_decisions": Route(get=signed_in(200)),
    "moderation.appeal_decision": Route(
        get=expect(LOGIN, 200, 403, 403, 403),
        post=expect(LOGIN, 422, 403, 403, 403),
        args=lambda f, people: {"action_id": _decision_about(f, people["resident"])},
    ),
    "moderation.restore_decision": Route(
        post=expect(LOGIN, 403, 303, 403, 303),
        args=lambda f, people: {"action_id": _decision_about(f, f.user())},
    ),
    "moderation.appeals": Route(get=expect(LOGIN, 403, 200, 403, 200)),
    "moderation.decide_appeal": Route(
        get=expect(LOGIN, 403, 200, 403, 200),
        post=expect(LOGIN, 403, 422, 403, 422),
        args=lambda f, people: {"appeal_id": _appeal(f)},
    ),
    "moderation.public_log": Route(get=everyone(200)),
    "moderation.public_log_csv": Route(get=everyone(200)),
    # Reports: any signed-in person, about someone else's contribution (an empty form: 422).
    "moderation.report": Route(
        get=signed_in(200),
        post=signed_in(422),
        args=lambda f, people: {"target_type": "comment", "target_id": f.comment().id},
    ),
    "guidelines.show_guidelines": Route(get=everyone(200)),
    "guidelines.show_version": Route(get=everyone(200), args=lambda f, people: {"number": 1}),
    "guidelines.edit_rule": Route(
        get=admins_only(200), post=admins_only(422), args=lambda f, people: {"number": 3}
    ),
    "guidelines.new_rule": Route(get=admins_only(200), post=admins_only(422)),
}


def _case(f) -> int:
    from tests.moderation.decisions import reported_comment

    return reported_comment(f, reporters=1)[1].id


def _decision_about(f, author) -> int:
    from tests.moderation.decisions import hidden_by

    return hidden_by(f, f.user("moderator"), author=author).id


def _appeal(f) -> int:
    from tests.moderation.decisions import appealed

    return appealed(f, f.user("moderator")).id


NOT_CHECKED = {"static"}


@pytest.fixture
def people(factories) -> dict:
    return {
        "anonymous": None,
        "resident": factories.user(name="Rosa Resident"),
        "moderator": factories.user("moderator", name="Mo Moderator"),
        "official": factories.user("official", name="Ola Official"),
        "admin": factories.user("admin", name="Adi Admin"),
    }


def _client_for(app, user):
    limiter.reset()  # access, not rate limits, is under test here
    client = app.test_client()
    if user is not None:
        login(client, user)
    return client


def _url(app, endpoint: str, args: dict) -> str:
    with app.test_request_context():
        return url_for(endpoint, **args)


def _outcome(response) -> int | str:
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/account/login?next="):
        return LOGIN
    return response.status_code


def _methods(app) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        found.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return found


def test_every_endpoint_has_an_access_rule(app):
    routes = {e: m for e, m in _methods(app).items() if e not in NOT_CHECKED}
    missing = sorted(set(routes) - set(ACCESS))
    assert not missing, (
        f"These endpoints have no access rule: {missing}. Add a row for each to ACCESS in "
        "tests/test_access.py saying what every role gets (see the docstring at the top)."
    )
    stale = sorted(set(ACCESS) - set(routes))
    assert not stale, f"ACCESS lists endpoints that no longer exist: {stale}. Remove them."
    for endpoint, methods in routes.items():
        row = ACCESS[endpoint]
        declared = {m for m, rule in (("GET", row.get), ("POST", row.post)) if rule is not None}
        assert methods == declared, (
            f"{endpoint} accepts {sorted(methods)} but its ACCESS row covers {sorted(declared)}; "
            "give it a get=/post= rule for each method it accepts (and only those)."
        )


def _mismatches(table: list[tuple[str, Any, Any]]) -> str:
    return "\n".join(f"  {role:<10} expected {want!s:<6} got {got}" for role, want, got in table)


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ACCESS.items() if r.get))
def test_get_access_by_role(app, factories, people, endpoint):
    row = ACCESS[endpoint]
    url = _url(app, endpoint, row.args(factories, people))
    wrong = []
    for role in ROLES:
        response = _client_for(app, people[role]).get(url)
        if _outcome(response) != row.get[role]:
            wrong.append((role, row.get[role], _outcome(response)))
        elif response.status_code == 200:
            check_page(response)
    assert not wrong, f"GET {url}:\n{_mismatches(wrong)}"


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ACCESS.items() if r.post))
def test_post_access_by_role(app, factories, people, endpoint):
    row = ACCESS[endpoint]
    url = _url(app, endpoint, row.args(factories, people))
    wrong = []
    for role in ROLES:
        client = _client_for(app, people[role])
        token = csrf_token_from(client.get("/").get_data(as_text=True))
        response = client.post(url, data={"csrf_token": token})
        if _outcome(response) != row.post[role]:
            wrong.append((role, row.post[role], _outcome(response)))
    assert not wrong, f"POST {url} with a valid CSRF token:\n{_mismatches(wrong)}"


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ACCESS.items() if r.post))
def test_refused_roles_see_nothing_with_a_bad_csrf_token(app, factories, people, endpoint):
    """A failed CSRF check re-renders forms; never for someone the route refuses."""
    row = ACCESS[endpoint]
    url = _url(app, endpoint, row.args(factories, people))
    for role in (r for r in ROLES if row.post[r] in (LOGIN, 403)):
        response = _client_for(app, people[role]).post(url, data={"csrf_token": "bad"})
        page = response.get_data(as_text=True)
        assert response.status_code == 400, f"{role}: POST {url} gave {response.status_code}"
        assert "Something was wrong with that request" in page, f"{role}: {url} showed a form"
        assert '<form method="post" action="' + url not in page


def test_admin_link_is_shown_only_to_admins(app, people):
    for role in ROLES:
        page = _client_for(app, people[role]).get("/").get_data(as_text=True)
        has_link = 'href="/admin/users"' in page
        assert has_link == (role == "admin"), f"{role}: admin link shown={has_link}"


def test_signed_in_navigation_differs_from_anonymous(app, people):
    anonymous = _client_for(app, None).get("/").get_data(as_text=True)
    resident = _client_for(app, people["resident"]).get("/").get_data(as_text=True)
    assert 'href="/account/login"' in anonymous and 'action="/account/logout"' not in anonymous
    assert 'action="/account/logout"' in resident and 'href="/account/profile"' in resident
