"""Email: a real SMTP conversation, failures that never break a request, and the outbox."""

from __future__ import annotations

import logging
import socket
from email import message_from_bytes, policy
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller

from engage import mail
from engage.extensions import db
from tests.accounts.helpers import link_in
from tests.factories import PASSWORD, post_form

NEW_PASSWORD = "a brand new passphrase"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collector:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


@pytest.fixture
def smtp_server(app, monkeypatch):
    collector = Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{port}")
    try:
        yield collector
    finally:
        controller.stop()


def test_password_reset_email_goes_out_over_smtp(client, factories, smtp_server, outbox):
    user = factories.user(email="smtp.person@example.org", name="Sam Smtp")

    response = post_form(client, "/account/forgot-password", {"email": user.email})

    assert response.status_code == 303
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["smtp.person@example.org"]
    [message] = smtp_server.messages
    assert message["From"] == "Engage <no-reply@engage.localhost>"
    assert message["To"] == "smtp.person@example.org"
    assert message["Subject"] == "Reset your password"
    assert message["Message-ID"]
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None and rich is not None
    assert "Hello Sam Smtp," in plain.get_content()
    assert "Choose a new password</a>" in rich.get_content()
    assert outbox.messages == []  # SMTP replaces the outbox folder

    link = link_in(message, "/account/reset/")
    assert f'href="http://localhost{link}"' in rich.get_content()
    assert client.get(link).status_code == 200
    assert post_form(client, link, {"password": NEW_PASSWORD}).status_code == 303
    signed_in = post_form(client, "/account/login", {"email": user.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 303


def test_unreachable_smtp_server_is_logged_not_raised(app, client, factories, monkeypatch, caplog):
    user = factories.user()
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{free_port()}")
    caplog.set_level(logging.ERROR, logger="engage.jobs")

    response = post_form(client, "/account/forgot-password", {"email": user.email})

    assert response.status_code == 303
    [record] = [r for r in caplog.records if r.name == "engage.jobs"]
    assert "deliver failed" in record.getMessage()
    assert isinstance(record.exc_info[1], OSError)
    # The person can carry on using the site.
    assert (
        post_form(client, "/account/login", {"email": user.email, "password": PASSWORD}).status_code
        == 303
    )


def queue_email(to: str) -> None:
    mail.send_template(
        to,
        "Subject",
        "accounts/email/already_registered",
        user=SimpleNamespace(display_name="Someone"),
        link="http://localhost/",
    )


def test_email_waits_for_the_commit_and_is_dropped_on_rollback(app, outbox):
    with app.test_request_context():
        db.session.execute(db.text("SELECT 1"))  # the request has started a transaction
        queue_email("a@example.org")
        assert outbox.messages == []
        db.session.rollback()
        db.session.execute(db.text("SELECT 1"))
        db.session.commit()
        assert outbox.messages == []

        queue_email("b@example.org")
        db.session.commit()
    assert [m["To"] for m in outbox.messages] == ["b@example.org"]


def test_console_copy_in_development(app, outbox, monkeypatch, capsys):
    monkeypatch.setitem(app.config, "MAIL_TO_CONSOLE", True)
    message = mail.build_message("c@example.org", "Hello", "Plain body")
    mail.deliver(message.as_bytes())
    printed = capsys.readouterr().out
    assert "email written to" in printed
    assert "Plain body" in printed
    [saved] = outbox.messages
    assert saved["Subject"] == "Hello"
    assert saved.get_content_type() == "text/plain"
