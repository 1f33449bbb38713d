"""Emails over a real SMTP conversation: headers, both parts, language, one-click
unsubscribe, digests sent once, and a mail server that fails without failing a request."""

from __future__ import annotations

import re
from datetime import timedelta

from engage.consultations.models import Consultation
from engage.database import utcnow
from engage.extensions import db
from engage.notifications import delivery, digests, due, service
from engage.notifications.models import Delivery, Digest, Notice
from tests.factories import login
from tests.notifications.conftest import reply


def _deliveries() -> list[Delivery]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Delivery).order_by(Delivery.id)))


def _thread(factories, **author):
    amina = factories.user(name="Amina K.", email="amina@example.org", **author)
    jo = factories.user(name="Jo Replier")
    consultation = factories.consultation(title="Rules for police use of facial recognition")
    comment = factories.comment(consultation, author=amina, body="Who reads the data?")
    return amina, jo, comment


def test_reply_email_over_smtp_with_both_parts_and_one_click_unsubscribe(
    app, client, factories, smtp
):
    amina, jo, comment = _thread(factories)

    assert reply(app, jo, comment, "Only a judge, with a *warrant*.").status_code == 303

    [message] = smtp.messages
    assert message["To"] == "amina@example.org"
    assert message["From"] == "Engage <no-reply@engage.localhost>"
    subject = "Jo Replier replied to your comment on “Rules for police use of facial recognition”."
    assert message["Subject"] == subject
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",)).get_content()
    rich = message.get_body(("html",)).get_content()
    assert "Hello Amina K.," in plain and "Only a judge, with a *warrant*." in plain
    assert '<html lang="en" dir="ltr">' in rich and "Open it on the site</a>" in rich
    link = re.search(r"http://localhost(/comments/\d+)", plain).group(1)
    assert client.get(link).status_code == 200

    header = message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(http://localhost(/notifications/unsubscribe/[\w.-]+))>", header)
    assert url and url.group(1) in plain and url.group(1) in rich
    [sent] = _deliveries()
    assert (sent.status, sent.attempts, sent.to_address) == ("sent", 1, "amina@example.org")

    # The mail client's one-click POST: no session, no form token.
    one_click = app.test_client().post(url.group(2), data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert service.frequencies(amina)["replies"] == "never"
    reply(app, jo, comment, "Still here.")
    assert len(smtp.messages) == 1  # in the app, not by email
    assert (
        db.session.scalar(db.select(db.func.count(Notice.id)).where(Notice.user_id == amina.id))
        == 2
    )


def test_unsubscribe_page_asks_first_and_bad_links_say_so(app, client, factories):
    from tests.notifications.helpers import unsubscribe_path

    person = factories.user()
    path = unsubscribe_path(person, "consultations")
    page = client.get(path)
    assert page.status_code == 200
    assert "Stop these emails: Consultations you follow" in page.get_data(as_text=True)
    assert service.frequencies(person)["consultations"] == "digest"  # a GET changes nothing

    done = client.post(path, data={})
    assert done.status_code == 303
    assert "Done. You won" in client.get(done.headers["Location"]).get_data(as_text=True)
    assert service.frequencies(person)["consultations"] == "never"

    forged = client.get(path[:-3] + "abc")
    assert forged.status_code == 404
    assert "doesn't work" in forged.get_data(as_text=True)


def test_email_in_the_recipients_language(app, factories, smtp):
    amina, jo, comment = _thread(factories, locale="es")
    reply(app, jo, comment, "Solo un juez.")
    [message] = smtp.messages
    rich = message.get_body(("html",)).get_content()
    assert '<html lang="es"' in rich
    assert "Amina K." in message.get_body(("plain",)).get_content()


def test_unconfirmed_addresses_get_notices_but_no_email(app, factories, smtp):
    amina, jo, comment = _thread(factories, verified=False)
    reply(app, jo, comment, "Hello?")
    assert smtp.messages == [] and _deliveries() == []
    assert db.session.scalar(db.select(Notice.email).where(Notice.user_id == amina.id)) == "none"


def test_daily_digest_holds_both_events_and_is_sent_once(app, factories, smtp):
    amina, jo, comment = _thread(factories)
    service.set_frequency(amina, "replies", "digest")
    assert service.is_following(amina, "consultation", comment.consultation_id)  # she commented
    db.session.commit()
    reply(app, jo, comment, "First answer.")
    consultation = db.session.get(Consultation, comment.consultation_id)
    consultation.closes_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert due.notify_due()["closed"] == 1
    assert smtp.messages == []  # both wait for the digest

    assert digests.send_digests() == 2  # Jo follows it too: he replied there
    assert digests.send_digests() == 0  # safe to run twice
    [message] = [m for m in smtp.messages if m["To"] == "amina@example.org"]
    assert message["Subject"] == "Your daily summary from Engage"
    plain = message.get_body(("plain",)).get_content()
    assert "2 things happened since your last summary:" in plain
    assert "Jo Replier replied to your comment" in plain
    assert "“Rules for police use of facial recognition” has closed." in plain
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [digest] = db.session.scalars(db.select(Digest).where(Digest.user_id == amina.id)).all()
    assert digest.notice_count == 2
    covered = db.session.scalars(db.select(Notice.digest_id).where(Notice.user_id == amina.id))
    assert set(covered) == {digest.id}

    # The digest's link stops the digest (every group sent there), and nothing else.
    base = re.escape(app.config["BASE_URL"])
    link = re.search(
        rf"<{base}(/notifications/unsubscribe/[\w.-]+)>", message["List-Unsubscribe"]
    ).group(1)
    app.test_client().post(link, data={"List-Unsubscribe": "One-Click"})
    chosen = service.frequencies(amina)
    assert chosen["replies"] == chosen["consultations"] == chosen["drafts"] == "never"
    assert chosen["answers"] == "immediately"


def test_notices_of_a_group_switched_off_are_not_digested(app, factories, smtp):
    amina, jo, comment = _thread(factories)
    service.set_frequency(amina, "replies", "digest")
    db.session.commit()
    reply(app, jo, comment, "One.")
    service.set_frequency(amina, "replies", "never")
    db.session.commit()
    assert digests.send_digests() == 0
    assert smtp.messages == []


def test_a_stopped_mail_server_fails_sends_that_retry_without_failing_requests(
    app, factories, smtp
):
    amina, jo, comment = _thread(factories)
    smtp.stop()

    responses = [reply(app, jo, comment, f"Reply {n}.") for n in range(3)]
    browsing = app.test_client()
    login(browsing, amina)
    responses += [browsing.get("/notifications"), browsing.get(f"/comments/{comment.id}")]

    assert [r.status_code for r in responses] == [303, 303, 303, 200, 200]
    failed = _deliveries()
    assert [d.status for d in failed] == ["retrying"] * 3
    assert all(d.attempts == 1 and "ConnectionRefusedError" in d.last_error for d in failed)
    first_retry = failed[0].next_attempt_at - failed[0].created_at
    assert timedelta(seconds=55) < first_retry < timedelta(seconds=65)
    # Not due yet: nothing is retried early.
    assert delivery.retry_due() == 0

    smtp.start()
    later = utcnow() + timedelta(minutes=2)
    assert due.notify_due(later)["retried"] == 3
    assert [d.status for d in _deliveries()] == ["sent"] * 3
    assert len(smtp.messages) == 3


def test_a_send_that_keeps_failing_backs_off_and_is_recorded_as_failed(
    app, factories, smtp, monkeypatch
):
    amina, jo, comment = _thread(factories)
    smtp.stop()
    reply(app, jo, comment, "Anyone?")
    [first] = _deliveries()
    waits, now = [], utcnow()
    while first.status == "retrying":
        waits.append(round((first.next_attempt_at - now).total_seconds()))
        now = first.next_attempt_at + timedelta(seconds=1)
        delivery.send(first.id, now)
        [first] = _deliveries()
    assert waits == [60, 300, 1800, 7200]  # growing delays
    assert (first.status, first.attempts) == ("failed", 5)
    assert "ConnectionRefusedError" in first.last_error
    assert delivery.due(now + timedelta(days=1)) == []  # recorded, not retried for ever
    # A failed or sent email is never sent again.
    smtp.start()
    assert delivery.send(first.id) == "failed"
    assert smtp.messages == []


def test_two_runners_never_send_the_same_email_twice(app, factories, smtp):
    amina, jo, comment = _thread(factories)
    reply(app, jo, comment, "Once.")
    [sent] = _deliveries()
    assert delivery.send(sent.id) == "sent"
    assert len(smtp.messages) == 1


def test_jobs_wait_for_the_real_commit_not_a_savepoint(app, factories, outbox):
    """Supporting, voting and following use savepoints; their release is not the commit."""
    from engage import jobs, mail

    with app.test_request_context():
        db.session.execute(db.text("SELECT 1"))
        message = mail.build_message("c@example.org", "Hello", "Plain body")
        jobs.after_commit(mail.deliver, message.as_bytes())
        with db.session.begin_nested():
            db.session.execute(db.text("SELECT 1"))
        assert outbox.messages == []
        try:
            with db.session.begin_nested():
                raise RuntimeError("a race lost inside a savepoint")
        except RuntimeError:
            pass
        db.session.commit()
    assert [m["To"] for m in outbox.messages] == ["c@example.org"]
