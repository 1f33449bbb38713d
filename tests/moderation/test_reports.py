"""Reports: reasons and detail, never your own content, once per person, rate-limited;
after enough different people report an item it is hidden, with a placeholder saying why."""

from __future__ import annotations

from engage.audit.models import AuditEntry
from engage.comments.models import Comment
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.moderation import intake
from engage.proposals.models import Proposal
from engage.search import service as search
from tests.comments.helpers import thread_url
from tests.factories import csrf_token_from, login, post_form
from tests.moderation.intake_helpers import (
    cases,
    configured,
    report_url,
    reports,
    send_report,
)


def test_the_report_form_lists_the_reasons_and_needs_signing_in(client, factories):
    comment = factories.comment(body="Something rude.")

    anonymous = client.get(report_url("comment", comment.id))
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]

    login(client, factories.user())
    html = client.get(report_url("comment", comment.id)).get_data(as_text=True)
    for label in (
        "Spam or advertising",
        "Harassment or hate",
        "Personal information about someone",
        "Off-topic",
        "Something else",
    ):
        assert label in html
    assert "Something rude." in html  # what you are reporting


def test_a_report_is_recorded_with_its_reason_and_detail_and_opens_a_case(client, factories):
    comment = factories.comment()
    reporter = factories.user()
    login(client, reporter)

    response = send_report(client, "comment", comment.id, "harassment", "Insults a neighbour.")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    [report] = reports("comment", comment.id)
    assert (report.reporter_id, report.reason, report.detail) == (
        reporter.id,
        "harassment",
        "Insults a neighbour.",
    )
    [case] = cases("comment", comment.id)
    assert (case.state, case.trigger, case.report_count) == ("open", "reports", 1)
    assert (case.author_id, case.consultation_id) == (comment.author_id, comment.consultation_id)
    assert report.case_id == case.id
    assert db.session.get(Comment, comment.id).status == "published"  # one report hides nothing
    page = client.get(f"/comments/{comment.id}").get_data(as_text=True)
    assert "Thank you. Your report was sent to the moderators." in page


def test_nobody_reports_their_own_content(client, factories):
    author = factories.user()
    consultation = factories.consultation()
    comment = factories.comment(on=consultation, author=author)
    proposal = factories.proposal(author=author)
    login(client, author)

    assert client.get(report_url("comment", comment.id)).status_code == 403
    response = send_report(client, "comment", comment.id)
    assert response.status_code == 403
    assert "You can&#39;t report your own contributions." in response.get_data(as_text=True)
    assert send_report(client, "proposal", proposal.id).status_code == 403
    assert send_report(client, "user", author.id).status_code == 403
    assert reports("comment", comment.id) == reports("proposal", proposal.id) == []
    # And no report link next to your own comment.
    html = client.get(thread_url(consultation)).get_data(as_text=True)
    assert report_url("comment", comment.id) not in html


def test_nobody_reports_the_same_item_twice(client, factories):
    comment = factories.comment()
    login(client, factories.user())

    assert send_report(client, "comment", comment.id).status_code == 303
    again = send_report(client, "comment", comment.id, "other")

    assert again.status_code == 403
    assert "You have already reported this." in again.get_data(as_text=True)
    assert len(reports("comment", comment.id)) == 1
    assert cases("comment", comment.id)[0].report_count == 1


def test_the_service_refuses_a_second_report_even_without_the_form(factories):
    comment = factories.comment()
    reporter = factories.user()
    intake.report(reporter, comment, "spam")
    db.session.commit()
    try:
        intake.report(reporter, comment, "spam")
    except intake.ReportRefused:
        pass
    else:
        raise AssertionError("a second report went through")
    db.session.rollback()
    assert len(reports("comment", comment.id)) == 1


def test_a_report_needs_a_reason_and_keeps_the_detail_when_refused(client, factories):
    comment = factories.comment()
    login(client, factories.user())

    response = send_report(client, "comment", comment.id, reason="", detail="My careful note")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose a reason." in html and "My careful note" in html
    too_long = send_report(client, "comment", comment.id, detail="x" * 1001)
    assert too_long.status_code == 422
    assert reports("comment", comment.id) == []


def test_people_without_a_confirmed_email_cannot_report(client, factories):
    comment = factories.comment()
    login(client, factories.user(verified=False))

    assert send_report(client, "comment", comment.id).status_code == 403
    assert reports("comment", comment.id) == []


def test_reports_are_rate_limited(app, client, factories):
    comments = [factories.comment() for _ in range(3)]
    login(client, factories.user())
    with configured(app, RATELIMIT_REPORT="2 per minute"):
        statuses = [send_report(client, "comment", c.id).status_code for c in comments]
    assert statuses == [303, 303, 429]
    assert reports("comment", comments[2].id) == []


def test_three_reports_from_different_people_hide_a_comment_with_a_placeholder(client, factories):
    author = factories.user(name="Grumpy")
    consultation = factories.consultation()
    comment = factories.comment(on=consultation, author=author, body="Call him at 555-0100.")
    for _ in range(3):
        intake.report(factories.user(), comment, "personal_information")
    db.session.commit()

    assert db.session.get(Comment, comment.id).status == "hidden"
    [case] = cases("comment", comment.id)
    assert (case.report_count, case.state) == (3, "open")
    assert case.public_reason == "Hidden after 3 reports, waiting for a moderator"
    # Hidden, not deleted: it keeps its place and still counts, its text stays stored.
    assert db.session.get(Consultation, consultation.id).comment_count == 1
    assert db.session.get(Comment, comment.id).body == "Call him at 555-0100."
    html = client.get(thread_url(consultation)).get_data(as_text=True)
    assert "Hidden after 3 reports, waiting for a moderator." in html
    assert "555-0100" not in html and f'id="comment-{comment.id}"' in html
    assert search.search("555").total == 0
    audit = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "moderation.auto_hide")
    ).one()
    assert (audit.target_type, audit.target_id, audit.actor_id) == ("comment", comment.id, None)
    # The author and moderators still read it, with the note.
    login(client, author)
    mine = client.get(thread_url(consultation)).get_data(as_text=True)
    assert "555-0100" in mine and "Hidden after 3 reports" in mine


def test_two_reports_hide_nothing_and_the_threshold_is_configurable(app, factories):
    comment = factories.comment()
    for _ in range(2):
        intake.report(factories.user(), comment, "spam")
    assert db.session.get(Comment, comment.id).status == "published"

    other = factories.comment()
    with configured(app, MODERATION_REPORT_THRESHOLD=1):
        intake.report(factories.user(), other, "spam")
    assert db.session.get(Comment, other.id).status == "hidden"


def test_a_reported_proposal_is_hidden_in_the_list_and_on_its_page(client, factories):
    consultation = factories.consultation()
    proposal = factories.proposal(consultation, title="Buy my magic pills")
    for _ in range(3):
        intake.report(factories.user(), proposal, "spam")
    db.session.commit()

    assert db.session.get(Proposal, proposal.id).visibility == "hidden"
    # The proposals' list is the consultation's proposals page (the hub).
    listing = client.get(f"/consultations/{consultation.slug}/proposals").get_data(as_text=True)
    assert "Hidden proposal" in listing and "magic pills" not in listing
    page = client.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Hidden after 3 reports, waiting for a moderator." in html
    assert "magic pills" not in html
    assert db.session.get(Consultation, consultation.id).proposal_count == 1  # its place stays
    assert search.search("magic pills").total == 0
    assert client.get(f"/proposals/{proposal.id}/versions").status_code == 404
    login(client, factories.user())
    support = post_form(
        client, f"/proposals/{proposal.id}/support", {}, form_url=f"/proposals/{proposal.id}"
    )
    assert support.status_code == 403
    assert db.session.get(Proposal, proposal.id).support_count == 0


def test_reporting_a_person_opens_a_case_but_hides_nobody(client, factories):
    person = factories.user(name="Troll")
    login(client, factories.user())

    response = send_report(client, "user", person.id, "harassment", "Follows me around.")

    assert response.status_code == 303
    [case] = cases("user", person.id)
    assert (case.author_id, case.consultation_id, case.report_count) == (person.id, None, 1)
    for _ in range(3):
        intake.report(factories.user(), person, "harassment")
    assert cases("user", person.id)[0].report_count == 4


def test_held_content_cannot_be_reported_by_people_who_cannot_see_it(client, factories):
    comment = factories.comment()
    comment.status = "pending"
    db.session.commit()
    login(client, factories.user())

    assert client.get(report_url("comment", comment.id)).status_code == 404
    assert client.get(report_url("proposal", 999999)).status_code == 404
    assert client.get(report_url("nonsense", comment.id)).status_code == 404


def test_a_report_after_a_closed_case_opens_a_new_one(factories):
    comment = factories.comment()
    intake.report(factories.user(), comment, "spam")
    [case] = cases("comment", comment.id)
    case.state = "closed"
    db.session.commit()

    intake.report(factories.user(), comment, "spam")
    first, second = cases("comment", comment.id)
    assert (first.state, second.state, second.report_count) == ("closed", "open", 1)


def test_an_amendment_is_reported_from_its_page_and_hidden_after_three_reports(client, factories):
    from engage.amendments.models import Amendment

    amendment = factories.amendment(rationale="Buy pills at https://pills.example")
    login(client, factories.user())
    page = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    assert report_url("amendment", amendment.id) in page

    assert send_report(client, "amendment", amendment.id, "spam").status_code == 303
    for _ in range(2):
        intake.report(factories.user(), amendment, "spam")
    db.session.commit()

    assert db.session.get(Amendment, amendment.id).visibility == "hidden"
    [case] = cases("amendment", amendment.id)
    assert (case.report_count, case.author_id) == (3, amendment.author_id)
    html = client.get(f"/amendments/{amendment.id}").get_data(as_text=True)
    assert "Hidden after 3 reports, waiting for a moderator." in html
    assert "pills.example" not in html


def test_simultaneous_reports_share_one_case_and_hide_once(app, factories):
    import threading

    import pytest

    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "SQLite serialises writers, so the race can't happen there; "
            "run with TEST_DATABASE_URL pointing at PostgreSQL"
        )
    comment = factories.comment()
    clients, tokens = [], []
    for _ in range(3):
        client = app.test_client()
        login(client, factories.user())
        page = client.get(report_url("comment", comment.id)).get_data(as_text=True)
        clients.append(client)
        tokens.append(csrf_token_from(page))
    url = report_url("comment", comment.id)  # threads can't load attributes of test objects
    barrier = threading.Barrier(3)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def send(client, token):
        try:
            barrier.wait(timeout=10)
            data = {"csrf_token": token, "reason": "spam", "detail": ""}
            statuses.append(client.post(url, data=data).status_code)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    pairs = zip(clients, tokens, strict=True)
    threads = [threading.Thread(target=send, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert statuses == [303, 303, 303]
    db.session.expire_all()
    [case] = cases("comment", comment.id)
    assert case.report_count == 3 and len(reports("comment", comment.id)) == 3
    assert db.session.get(Comment, comment.id).status == "hidden"


def test_a_hidden_comments_text_stays_off_every_page_for_others(app, client, factories):
    author = factories.user()
    comment = factories.comment(author=author, body="Call him at 555-0100.")
    for _ in range(3):
        intake.report(factories.user(), comment, "personal_information")
    db.session.commit()
    login(client, factories.user())

    assert client.get(f"/comments/{comment.id}/history").status_code == 404
    assert client.get(f"/comments/{comment.id}/reply").status_code == 404
    shown = client.get(f"/comments/{comment.id}").get_data(as_text=True)
    assert "555-0100" not in shown and "Hidden after 3 reports" in shown
    # A fourth person may still report it, but reads the placeholder, not the text.
    page = client.get(report_url("comment", comment.id)).get_data(as_text=True)
    assert "555-0100" not in page and "Hidden after 3 reports" in page

    theirs = app.test_client()
    login(theirs, author)
    assert "555-0100" in theirs.get(f"/comments/{comment.id}/history").get_data(as_text=True)
