"""An in-process SMTP server (aiosmtpd) the app sends to, and helpers for replies."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller

from tests.factories import login, post_form
from tests.test_mail import Collector, free_port


class SmtpServer:
    """A real SMTP server on a local port that can be stopped and started again."""

    def __init__(self):
        self.collector = Collector()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.collector.messages

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def smtp(app, monkeypatch):
    server = SmtpServer()
    server.start()
    monkeypatch.setitem(app.config, "MAIL_URL", server.url)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 2)
    try:
        yield server
    finally:
        server.stop()


def reply(app, user, comment, body: str):
    """``user`` replies to ``comment`` through the web form, as a browser would."""
    client = app.test_client()
    login(client, user)
    target_page = f"/comments/{comment.id}/reply"
    return post_form(
        client,
        "/comments",
        {
            "target_type": comment.target_type,
            "target_id": comment.target_id,
            "parent_id": comment.id,
            "body": body,
        },
        form_url=target_page,
    )
