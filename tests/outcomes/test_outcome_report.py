"""The outcome report: written, previewed, published once the threshold proposals are
answered; the consultation moves to "outcome published"; statistics and charts."""

from __future__ import annotations

import re

from engage.audit.models import AuditEntry
from engage.comments.models import Comment
from engage.consultations.models import ConsultationStatus
from engage.extensions import db
from engage.outcomes import queries, service, statistics
from engage.outcomes.models import Outcome
from tests.consultations.helpers import post, text
from tests.factories import login
from tests.outcomes.helpers import over_threshold

REPORT = {"heard": "People worry about **live** matching.", "decided": "No live matching."}


def _closed_with_inputs(factories):
    official = factories.user("official", name="Olu Official")
    consultation = factories.consultation("closed", official=official)
    kept = factories.proposal(consultation, title="Log every search")
    factories.support(kept)
    factories.support(kept)
    other = factories.proposal(consultation, title="Ban it outright")
    factories.proposal(consultation, title="Paper idea", channel="paper")
    db.session.add(
        Comment(
            target_type="consultation",
            target_id=consultation.id,
            consultation_id=consultation.id,
            author_id=official.id,
            body="A comment",
        )
    )
    db.session.commit()
    return official, consultation, kept, other


def test_writing_previewing_and_publishing_the_outcome(client, factories):
    official, consultation, kept, other = _closed_with_inputs(factories)
    over_threshold(kept)
    login(client, official)
    slug = consultation.slug
    assert client.get(f"/consultations/{slug}/outcome").status_code == 302  # nothing yet
    assert post(client, f"/consultations/{slug}/outcome/edit", REPORT).status_code == 303
    preview = text(client.get(f"/consultations/{slug}/outcome"))
    assert "Preview — not published" in preview
    assert "1 proposal reached the support threshold and has no answer yet." in preview
    response = post(client, f"/consultations/{slug}/outcome/publish")
    assert response.status_code == 303
    assert queries.outcome_for(consultation).published_at is None

    service.respond(official, kept, "accepted", "We will log every search.")
    db.session.commit()
    assert post(client, f"/consultations/{slug}/outcome/publish").status_code == 303
    db.session.expire_all()
    outcome = queries.outcome_for(consultation)
    assert outcome.is_published and consultation.status == ConsultationStatus.OUTCOME
    assert outcome.statistics["proposals"] == 3 and outcome.statistics["supports"] == 2
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="outcome.published"))
    assert entry.actor_id == official.id and entry.target_id == consultation.id

    client.post("/account/logout", data={"csrf_token": ""})
    public = client.get(f"/consultations/{slug}/outcome")
    page = text(public)
    assert public.status_code == 200 and "<strong>live</strong>" in page
    assert f'href="/proposals/{kept.id}#official-response"' in page
    assert f'href="/proposals/{other.id}#official-response"' in page


def test_unpublished_outcomes_are_hidden_from_the_public(client, factories):
    official, consultation, *_ = _closed_with_inputs(factories)
    service.save_outcome(official, consultation, "Heard", "Decided")
    db.session.commit()
    assert client.get(f"/consultations/{consultation.slug}/outcome").status_code == 404
    login(client, factories.user(name="Resident"))
    assert client.get(f"/consultations/{consultation.slug}/outcome").status_code == 404


def test_an_open_consultation_cannot_publish_its_outcome(factories):
    official = factories.user("official")
    consultation = factories.consultation("open", official=official)
    outcome = service.save_outcome(official, consultation, "Heard", "Decided")
    assert "once the consultation has closed" in service.publish_refusal(consultation, outcome)


def test_an_empty_report_comes_back_with_the_text_kept(client, factories):
    official, consultation, *_ = _closed_with_inputs(factories)
    login(client, official)
    response = post(
        client,
        f"/consultations/{consultation.slug}/outcome/edit",
        {"heard": "Kept text", "decided": ""},
    )
    assert response.status_code == 422
    assert "Kept text" in text(response) and "Say what was decided." in text(response)
    assert db.session.scalar(db.select(db.func.count(Outcome.id))) == 0


def test_statistics_leave_out_held_and_hidden_proposals(factories):
    official, consultation, kept, other = _closed_with_inputs(factories)
    other.visibility = "hidden"
    db.session.commit()
    stats = statistics.participation(consultation)
    assert stats["proposals"] == 2
    assert stats["channels"]["paper"]["proposals"] == 1
    assert stats["channels"]["online"] == {"proposals": 1, "comments": 1}
    # two supporters and the official's comment online, plus one paper submission
    assert stats["people"] == 2 + 1 + 1 + 1  # supporters, author of kept, official, paper
    assert stats["answers"]["unanswered"] == 2


def test_charts_are_svg_with_a_table_and_no_inline_style(client, factories):
    official, consultation, kept, _ = _closed_with_inputs(factories)
    service.save_outcome(official, consultation, "Heard", "Decided")
    db.session.commit()
    login(client, official)
    page = client.get(f"/consultations/{consultation.slug}/outcome").get_data(as_text=True)
    assert page.count('<svg class="chart-svg"') == 2
    assert page.count('class="table chart-table"') == 2
    assert "style=" not in page
    titles = re.findall(r'<svg[^>]*aria-labelledby="([^"]+)"', page)
    assert all(f'id="{t}"' in page for t in titles)


def test_editing_a_published_report_is_audited(factories):
    official, consultation, *_ = _closed_with_inputs(factories)
    service.save_outcome(official, consultation, "Heard", "Decided")
    service.publish_outcome(official, consultation)
    service.save_outcome(official, consultation, "Heard more", "Decided")
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="outcome.edited"))
    assert entry.before["heard"] == "Heard" and entry.after["heard"] == "Heard more"


def test_decided_amendments_are_answered_by_their_decision(client, factories):
    from engage.amendments import service as amendments

    amendment = factories.amendment()
    consultation = amendment.clause.draft.consultation
    official = factories.user("official")
    amendments.reject(official, amendment, "Out of scope for this policy.")
    factories.amendment(clause=amendment.clause)  # still proposed: not in the answered list
    db.session.commit()
    stats = statistics.participation(consultation)
    assert (stats["amendments_proposed"], stats["amendments_accepted"]) == (2, 0)
    service.save_outcome(official, consultation, "Heard", "Decided")
    db.session.commit()
    login(client, official)
    page = text(client.get(f"/consultations/{consultation.slug}/outcome"))
    assert f'href="/amendments/{amendment.id}"' in page
    assert "Out of scope for this policy." in page
    assert f"/draft/clauses/{amendment.clause.number}" in page


def test_each_answer_in_the_inputs_table_shows_its_reason(client, factories):
    """Issue 22, defect 18: the proposals table gives each answer with its reason, as the
    amendments table does; a later answer's reason replaces the earlier one's."""
    official, consultation, kept, other = _closed_with_inputs(factories)
    service.respond(official, kept, "under_consideration", "Looking at the costs first.")
    service.respond(official, kept, "accepted", "We will log **every** search.")
    service.respond(official, other, "rejected", "A ban is not in our power.")
    service.save_outcome(official, consultation, "Heard", "Decided")
    db.session.commit()
    login(client, official)
    page = text(client.get(f"/consultations/{consultation.slug}/outcome"))
    table = re.search(r"<caption>Proposals</caption>\s*<thead><tr>(.*?)</tr>", page, re.S)
    assert ">Reason</th>" in table.group(1)
    row = re.search(rf'<tr id="input-proposal-{kept.id}">(.*?)</tr>', page, re.S).group(1)
    assert "Accepted" in row and "We will log <strong>every</strong> search." in row
    assert "Looking at the costs first." not in row
    row = re.search(rf'<tr id="input-proposal-{other.id}">(.*?)</tr>', page, re.S).group(1)
    assert "Rejected" in row and "A ban is not in our power." in row
