"""Who may use which route: every row of engage.permissions.ROUTE_ACCESS (the role × route
table, one row per endpoint), checked for every role.

Every endpoint the app registers must have a row there, or
``test_every_endpoint_has_an_access_rule`` fails. To add a route, add a row::

    "consultations.edit_consultation": {
        "GET": by_role(LOGIN, 404, 404, 200, 200),
        "POST": by_role(LOGIN, 404, 404, 422, 422),
    },

- ``"GET"`` / ``"POST"``: the status each role gets (anonymous, resident, moderator,
  official, admin). Build them with ``for_everyone``, ``for_signed_in``, ``for_guests``,
  ``for_admins`` or ``by_role(...)`` for any other mix. ``LOGIN`` means "sent to the
  sign-in page". Leave out a method the route does not accept.
- POSTs carry a valid CSRF token and an otherwise empty form, so allowed roles usually
  get 422 (form errors) or 303 (done); refused roles get LOGIN or 403, and a bad token
  must not let them see anything either.
- ``ARGS`` here builds the URL arguments of endpoints that take some: ``f`` is the
  factories, ``people`` maps each role to its signed-in user (None for anonymous), for
  rows that need an object someone owns.

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
from engage.permissions import ACCESS_ROLES, LOGIN, ROUTE_ACCESS, Answers
from tests.amendments.helpers import out_of_date_amendment
from tests.factories import login, token_for
from tests.outcomes.helpers import commitment_args, outcome_world
from tests.test_security import check_page

ROLES = ACCESS_ROLES


def _notice(user) -> int:
    from tests.notifications.helpers import notice_for

    return notice_for(user).id


def _ledger_args(query: dict) -> dict:
    """A log of three entries, and the proof's query arguments."""
    from engage.ledger import service

    for n in range(3):
        service.append("test", f"entry:{n}", {"n": n})
    return query


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


def no_args(f, people) -> dict[str, Any]:
    return {}


def _opinion_map(f) -> dict[str, Any]:
    """A consultation whose opinion map is on, with one statement."""
    from engage.opinion_map import service as opinion_map

    consultation = f.consultation("open")
    the_map = opinion_map.set_up(consultation, None, enabled=True, premoderation=True)
    opinion_map.seed(the_map, f.user("official"), ["Cameras need a warrant"])
    return {"slug": consultation.slug}


def _demographics_on() -> dict[str, Any]:
    """The optional questions are asked only once an admin turned one on."""
    from tests.demographics.helpers import turn_on

    turn_on("age_band")
    return {}


def _draft(f, versions: int = 1, **extra) -> dict[str, Any]:
    return {"slug": f.draft(versions=versions).consultation.slug, **extra}


def _draft_part(f) -> dict[str, Any]:
    draft = f.draft()
    from engage.drafts.queries import clause_by_number

    return {"slug": draft.consultation.slug, "part_id": clause_by_number(draft, 1).id}


@dataclass(frozen=True)
class Route:
    get: Answers | None = None
    post: Answers | None = None
    args: Callable[[Any, dict], dict[str, Any]] = field(default=no_args)


ARGS: dict[str, Callable[[Any, dict], dict[str, Any]]] = {
    "main.choose_language": lambda f, people: {"lang": "es"},
    "accounts.verify_email": lambda f, people: {
        "token": tokens.make_verify_token(f.user(verified=False))
    },
    "accounts.reset_password": lambda f, people: {"token": tokens.make_reset_token(f.user())},
    "accounts.end_session": lambda f, people: {"session_id": _someone_elses_session(f)},
    "privacy.fetch_export": lambda f, people: {"token": "not-a-link-anyone-was-sent"},
    "demographics.about_you": lambda f, people: _demographics_on(),
    "accounts.unlock": lambda f, people: {"token": tokens.make_unlock_token(f.user(), _now())},
    "admin.reset_second_factor": lambda f, people: {"user_id": people["moderator"].id},
    "admin.user_detail": lambda f, people: {"user_id": people["resident"].id},
    "consultations.view_consultation": lambda f, people: {"slug": f.consultation("open").slug},
    "consultations.view_proposals": lambda f, people: {"slug": f.consultation("open").slug},
    "consultations.view_discussion": lambda f, people: {"slug": f.consultation("open").slug},
    "consultations.preview_consultation": lambda f, people: {"slug": f.consultation("draft").slug},
    "consultations.edit_consultation": lambda f, people: {"slug": f.consultation("draft").slug},
    "consultations.publish_consultation": lambda f, people: {"slug": f.consultation("draft").slug},
    "consultations.close_consultation": lambda f, people: {"slug": f.consultation("open").slug},
    "consultations.translations": lambda f, people: {"slug": f.consultation("open").slug},
    "consultations.edit_translation": lambda f, people: {
        "slug": f.consultation("open").slug,
        "locale": "es",
    },
    "transparency.receipt": lambda f, people: {
        "kind": "comment",
        "item_id": f.comment(author=people["resident"]).id,
    },
    "transparency.receipt_json": lambda f, people: {
        "kind": "comment",
        "item_id": f.comment(author=people["resident"]).id,
    },
    "consultations.rename_topic": lambda f, p: {"topic_id": 1},
    "consultations.move_topic": lambda f, p: {"topic_id": 1},
    "proposals.new_proposal": lambda f, people: {"slug": f.consultation("open").slug},
    "proposals.view_proposal": lambda f, people: {"proposal_id": f.proposal().id},
    "proposals.edit_proposal": lambda f, people: {
        "proposal_id": f.proposal(author=people["resident"]).id
    },
    "proposals.withdraw_proposal": lambda f, people: {
        "proposal_id": f.proposal(author=people["resident"]).id
    },
    "proposals.support_proposal": lambda f, people: {"proposal_id": f.proposal().id},
    "proposals.unsupport_proposal": lambda f, people: {"proposal_id": f.proposal().id},
    "proposals.proposal_versions": lambda f, people: {"proposal_id": f.proposal().id},
    "proposals.proposal_version": lambda f, people: {
        "proposal_id": f.proposal_version().proposal_id,
        "number": 1,
    },
    "coauthors.manage": lambda f, people: {"proposal_id": f.proposal(author=people["resident"]).id},
    "coauthors.invitation": lambda f, people: {
        "proposal_id": f.coauthor_invitation(people["resident"]).proposal_id
    },
    "coauthors.respond": lambda f, people: {
        "proposal_id": f.coauthor_invitation(people["resident"]).proposal_id,
        "answer": "accept",
    },
    "amendments.new_amendment": lambda f, people: {
        "slug": f.draft().consultation.slug,
        "number": 1,
    },
    "amendments.view_amendment": lambda f, people: {"amendment_id": f.amendment().id},
    "amendments.list_amendments": lambda f, people: {
        "slug": f.amendment().clause.draft.consultation.slug
    },
    "amendments.support_amendment": lambda f, people: {"amendment_id": f.amendment().id},
    "amendments.unsupport_amendment": lambda f, people: {"amendment_id": f.amendment().id},
    "amendments.withdraw_amendment": lambda f, people: {
        "amendment_id": f.amendment(author=people["resident"]).id
    },
    "amendments.decide_amendment": lambda f, people: {"amendment_id": f.amendment().id},
    "amendments.accept_amendment": lambda f, people: {"amendment_id": out_of_date_amendment(f).id},
    "amendments.reject_amendment": lambda f, people: {"amendment_id": f.amendment().id},
    "assisted.record_input": lambda f, people: {"slug": f.consultation("open").slug},
    "demographics.representativeness": lambda f, people: {"slug": f.consultation("open").slug},
    "demographics.representativeness_csv": lambda f, people: {"slug": f.consultation("open").slug},
    "assisted.import_submissions": lambda f, people: {"slug": f.consultation("open").slug},
    "drafts.view_draft": lambda f, p: _draft(f),
    "drafts.view_version": lambda f, p: _draft(f, number=1),
    "drafts.compare_versions": lambda f, p: _draft(f, versions=2, **{"from": 1, "to": 2}),
    "drafts.view_clause": lambda f, p: _draft(f, number=1),
    "drafts.export_markdown": lambda f, p: _draft(f),
    "drafts.print_version": lambda f, p: _draft(f),
    "drafts.edit_draft": lambda f, p: _draft(f),
    "drafts.import_draft": lambda f, p: {"slug": f.consultation("open").slug},
    "drafts.edit_part": lambda f, p: _draft_part(f),
    "drafts.remove_part": lambda f, p: _draft_part(f),
    "drafts.restore_part": lambda f, p: _draft_part(f),
    "drafts.add_part": lambda f, p: _draft(f),
    "drafts.publish_draft": lambda f, p: _draft(f),
    "comments.thread": lambda f, people: {
        "target_type": "consultation",
        "target_id": f.consultation().id,
    },
    "comments.show": lambda f, people: {"comment_id": f.comment().id},
    "comments.reply": lambda f, people: {"comment_id": f.comment().id},
    "comments.history": lambda f, people: {"comment_id": f.comment().id},
    "comments.edit": lambda f, people: {"comment_id": f.comment(author=people["resident"]).id},
    "comments.delete": lambda f, people: {"comment_id": f.comment(author=people["resident"]).id},
    "comments.vote": lambda f, people: {"comment_id": f.comment().id},
    "outcomes.answer_proposals": lambda f, people: {"slug": f.consultation("closed").slug},
    "outcomes.answer_proposal": lambda f, people: {
        "proposal_id": f.proposal(f.consultation("closed")).id
    },
    "outcomes.view_outcome": lambda f, people: {"slug": outcome_world(f)["slug"]},
    "opinion_map.vote_page": lambda f, people: _opinion_map(f),
    "opinion_map.vote": lambda f, people: _opinion_map(f),
    "opinion_map.my_votes": lambda f, people: _opinion_map(f),
    "opinion_map.new_statement": lambda f, people: _opinion_map(f),
    "opinion_map.view_results": lambda f, people: _opinion_map(f),
    "opinion_map.set_up": lambda f, people: _opinion_map(f),
    "outcomes.edit_outcome": lambda f, people: {"slug": f.consultation("closed").slug},
    "outcomes.publish_outcome": lambda f, people: {"slug": outcome_world(f, publish=False)["slug"]},
    "outcomes.list_commitments": lambda f, people: {"slug": outcome_world(f)["slug"]},
    "outcomes.new_commitment": lambda f, people: {"slug": outcome_world(f)["slug"]},
    "outcomes.view_commitment": commitment_args,
    "outcomes.update_commitment": commitment_args,
    "outcomes.add_milestone": commitment_args,
    "outcomes.reach_milestone": lambda f, people: {
        "milestone_id": outcome_world(f, commitment=True)["milestone_id"]
    },
    "opendata.download": lambda f, people: {"name": "proposals", "fmt": "csv"},
    "opendata.dataset_schema": lambda f, people: {"name": "comments"},
    "opendata.consultation_index": lambda f, people: {"slug": f.consultation("open").slug},
    "opendata.consultation_download": lambda f, people: {
        "slug": f.consultation("draft").slug,
        "name": "comments",
        "fmt": "json",
    },
    "api.list_rows": lambda f, people: {"name": "consultations"},
    "api.get_row": lambda f, people: {"name": "proposals", "item_id": f.proposal().id},
    "api.ledger_inclusion_proof": lambda f, people: _ledger_args({"leaf": 1, "size": 3}),
    "api.ledger_consistency_proof": lambda f, people: _ledger_args({"from": 1, "to": 3}),
    "notifications.mark_read": lambda f, people: {"notice_id": _notice(people["resident"])},
    "notifications.follow": lambda f, people: {
        "target_type": "consultation",
        "target_id": f.consultation().id,
    },
    "notifications.unfollow": lambda f, people: {
        "target_type": "proposal",
        "target_id": f.proposal().id,
    },
    "notifications.unsubscribe": lambda f, people: {"token": _unsubscribe_token(f.user())},
    "moderation.view_case": lambda f, people: {"case_id": _case(f)},
    "moderation.claim_case": lambda f, people: {"case_id": _case(f)},
    "moderation.release_case": lambda f, people: {"case_id": _case(f)},
    "moderation.decide_case": lambda f, people: {"case_id": _case(f)},
    "moderation.appeal_decision": lambda f, people: {
        "action_id": _decision_about(f, people["resident"])
    },
    "moderation.restore_decision": lambda f, people: {"action_id": _decision_about(f, f.user())},
    "moderation.decide_appeal": lambda f, people: {"appeal_id": _appeal(f)},
    "moderation.report": lambda f, people: {"target_type": "comment", "target_id": f.comment().id},
    "guidelines.show_version": lambda f, people: {"number": 1},
    "guidelines.edit_rule": lambda f, people: {"number": 3},
    "surveys.view_questionnaire": lambda f, people: _survey(f),
    "surveys.answer_page": lambda f, people: {**_survey(f), "page": 1},
    "surveys.manage_questionnaires": lambda f, people: {"slug": f.consultation("open").slug},
    "surveys.new_questionnaire": lambda f, people: {"slug": f.consultation("open").slug},
    "surveys.edit_questionnaire": lambda f, people: _survey(f),
    "surveys.add_section": lambda f, people: _survey(f),
    "surveys.add_question": lambda f, people: _survey(f),
    "surveys.remove_question": lambda f, people: _survey(f, "question_id"),
    "surveys.correct_option": lambda f, people: _survey(f, "option_id"),
    "surveys.publish_questionnaire": lambda f, people: _survey(f),
    "surveys.import_paper": lambda f, people: _survey(f),
    "surveys.paper_import_template": lambda f, people: _survey(f),
    "surveys.preview_questionnaire": lambda f, people: _survey(f),
    "surveys.translate_questionnaire": lambda f, people: {**_survey(f), "locale": "es"},
    "surveys.view_results": lambda f, people: _survey(f),
    "surveys.record_paper": lambda f, people: _survey(f),
    "surveys.moderate_texts": lambda f, people: _survey(f),
}


def _survey(f, extra: str = "") -> dict[str, Any]:
    from tests.surveys.helpers import survey

    made = survey(f)
    args = {"slug": made.slug, "questionnaire_id": made.questionnaire.id}
    if extra == "question_id":
        args[extra] = made.long.id
    if extra == "option_id":
        args[extra] = made.option(made.single, 0)
    return args


ACCESS: dict[str, Route] = {
    endpoint: Route(get=row.get("GET"), post=row.get("POST"), args=ARGS.get(endpoint, no_args))
    for endpoint, row in ROUTE_ACCESS.items()
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
        f"These endpoints have no access rule: {missing}. Add a row for each to ROUTE_ACCESS "
        "in engage/permissions.py saying what every role gets (see this module's docstring)."
    )
    stale = sorted(set(ACCESS) - set(routes))
    assert not stale, f"ROUTE_ACCESS lists endpoints that no longer exist: {stale}. Remove them."
    stray = sorted(set(ARGS) - set(ACCESS))
    assert not stray, f"ARGS names endpoints that have no ROUTE_ACCESS row: {stray}."
    for endpoint, methods in routes.items():
        row = ACCESS[endpoint]
        declared = {m for m, rule in (("GET", row.get), ("POST", row.post)) if rule is not None}
        assert methods == declared, (
            f"{endpoint} accepts {sorted(methods)} but its ROUTE_ACCESS row covers "
            f"{sorted(declared)}; give it a GET or POST entry for each method it accepts "
            "(and only those)."
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
        token = token_for(client)
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
