"""A suspension blocks every write except appealing, reading and managing one's own account
(security finding 7): suspended people could still edit their proposals and invite
co-authors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from engage.database import utcnow
from engage.extensions import db
from engage.proposals.models import Proposal
from tests.consultations.helpers import post, text
from tests.factories import login

# What a suspended person may still send. Anything else, including every new route, is
# refused: adding a route here is a decision, taken in this test and in engage/suspension.py.
ALLOWED_BLUEPRINTS = {"accounts", "two_factor"}  # sign in and out, password, profile, 2FA
ALLOWED_ENDPOINTS = {
    "moderation.appeal_decision",
    "main.set_language",
    "preferences.edit_display",
    "notifications.settings",
    "notifications.unsubscribe",
    "notifications.unfollow",
    "notifications.mark_read",
    "notifications.mark_all_read",
    "readability.check",
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
REFUSAL = "A moderator suspended your account until"


def _allowed(endpoint: str) -> bool:
    return endpoint in ALLOWED_ENDPOINTS or endpoint.split(".")[0] in ALLOWED_BLUEPRINTS


def _sample_url(rule) -> str:
    """The rule's address with a value of the right kind in every part."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "x"
    return rule.build(values, append_unknown=False)[1]


def _write_rules(app):
    """Refused ones first: the allowed ones include signing out."""
    return sorted(
        (r for r in app.url_map.iter_rules() if r.methods & WRITES),
        key=lambda r: (_allowed(r.endpoint), r.endpoint == "accounts.logout", r.endpoint),
    )


@pytest.fixture
def suspended(client, factories):
    person = factories.user(name="Sam Suspended")
    login(client, person)
    person.suspended_until = utcnow() + timedelta(days=7)
    db.session.commit()
    return person


def test_every_write_route_is_refused_to_a_suspended_person_but_the_allowed_ones(
    app, client, suspended
):
    refused, let_through = [], []
    for rule in _write_rules(app):
        url = _sample_url(rule)
        response = post(client, url, {})
        page = text(response)
        if _allowed(rule.endpoint):
            if REFUSAL in page and response.status_code == 403:
                refused.append(rule.endpoint)
        elif response.status_code != 403 or REFUSAL not in page:
            let_through.append((rule.endpoint, response.status_code))
        else:
            refused.append(rule.endpoint)
    assert let_through == []
    assert not [e for e in refused if _allowed(e)]
    # The walk covered the routes of the finding.
    assert {"proposals.edit_proposal", "coauthors.manage", "comments.create"} <= set(refused)


def test_the_refusal_says_until_when_and_how_to_appeal(client, suspended, factories):
    proposal = factories.proposal(author=suspended)
    response = post(client, f"/proposals/{proposal.id}/edit", {"title": "x", "body": "y"})
    assert response.status_code == 403
    page = text(response)
    assert REFUSAL in page and "appeal the decision" in page
    assert 'href="/moderation/about-you"' in page
    fragment = post(
        client, f"/proposals/{proposal.id}/edit", {"title": "x"}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 403 and "<html" not in text(fragment)
    assert REFUSAL in text(fragment)


def test_a_suspended_author_can_neither_edit_nor_invite(client, factories, suspended):
    proposal = factories.proposal(author=suspended, title="Cameras off", body="No cameras here.")
    friend = factories.user(email="friend@example.org")
    edited = post(
        client,
        f"/proposals/{proposal.id}/edit",
        {"title": "Cameras on", "body": "Cameras everywhere, please."},
    )
    invited = post(client, f"/proposals/{proposal.id}/coauthors", {"email": friend.email})
    assert (edited.status_code, invited.status_code) == (403, 403)
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).title == "Cameras off"
    from engage.coauthors.models import ProposalCoauthor

    assert db.session.query(ProposalCoauthor).count() == 0


def test_a_suspended_person_can_still_manage_their_account_and_appeal(client, suspended):
    response = post(client, "/language", {"language": "es", "next": "/"})
    assert response.status_code in (302, 303)
    response = post(client, "/account/logout")
    assert response.status_code in (302, 303)


def test_the_suspension_ends_on_its_date(client, factories, suspended):
    suspended.suspended_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    proposal = factories.proposal(author=suspended)
    response = post(
        client,
        f"/proposals/{proposal.id}/edit",
        {"title": "A better title", "body": "A better text, long enough to pass."},
    )
    assert response.status_code == 303
