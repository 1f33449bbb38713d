"""A proposal's author and co-author editing at once (issue 22, defect 15): the second
save is refused with both wordings shown; starting from theirs loads their wording."""

from __future__ import annotations

from engage.coauthors.models import CoauthorStatus
from engage.extensions import db
from engage.proposals.models import Proposal
from tests.concurrency import assert_conflict_page, load_form, resent_version
from tests.factories import login

BODY = "Ban live facial recognition in every public place of the city."


def test_second_save_of_a_proposal_is_refused_and_both_wordings_kept(app, factories):
    author, coauthor = factories.user(), factories.user()
    proposal = factories.proposal(author=author, title="Ban live scanning", body=BODY)
    factories.coauthor_invitation(coauthor, proposal, status=CoauthorStatus.ACCEPTED)
    a, b = app.test_client(), app.test_client()
    login(a, author)
    login(b, coauthor)
    url = f"/proposals/{proposal.id}/edit"
    form_a, form_b = load_form(a, url), load_form(b, url)
    assert a.post(url, data={**form_a, "body": BODY + " Even at events."}).status_code == 303
    response = b.post(url, data={**form_b, "body": BODY + " Even in shops."})
    html = assert_conflict_page(response, "Even in shops.", "Even at events.")
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).body == BODY + " Even at events."
    # Start from theirs: the edit page, loaded again, has their wording and no conflict.
    fresh = load_form(b, url)
    assert fresh["body"] == BODY + " Even at events."
    assert fresh["lock_version"] == resent_version(html, url)["lock_version"]
    assert b.post(url, data={**fresh, "body": BODY + " Even in shops."}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).body == BODY + " Even in shops."
