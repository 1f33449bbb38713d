"""Security finding 1: every link in every email is built from BASE_URL, never from the
Host header of the request that caused it, and production answers 400 to other hosts.

Each test sends its request with ``Host: evil.example`` (the cookie jar still belongs to
the test client's own host, so the person stays signed in), then checks every address in
every email: the plain and HTML parts and the headers (List-Unsubscribe).
"""

from __future__ import annotations

import re

import pytest

from config import DevelopmentConfig, ProductionConfig, production_trusted_hosts
from engage.notifications import digests, service
from tests.apps import PRODUCTION_SECRET_KEY, separate_app
from tests.factories import PASSWORD, csrf_token_from
from tests.notifications.conftest import reply

EVIL = {"Host": "evil.example"}
EVIL_BASE = "http://evil.example"
URL = re.compile(r"https?://[^\s\"'<>)]+")


def _post(client, url: str, data: dict, form_url: str | None = None):
    """A browser's form post, every request of it (and its cookies) for the attacker's host."""
    page = client.get(form_url or url, base_url=EVIL_BASE)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, base_url=EVIL_BASE)


def _login(client, user) -> None:
    """Signed in on the attacker's host: their own account, poisoning emails to others."""
    data = {"email": user.email, "password": PASSWORD}
    assert _post(client, "/account/login", data).status_code == 303


def _addresses(message) -> list[str]:
    found = []
    for part in ("plain", "html"):
        body = message.get_body((part,))
        if body is not None:
            found += URL.findall(body.get_content())
    for name in ("List-Unsubscribe",):
        found += URL.findall(message.get(name, ""))
    return found


def assert_links_on_base_url(app, outbox, expect_at_least: int = 1) -> None:
    base = app.config["BASE_URL"].rstrip("/") + "/"
    messages = outbox.messages
    assert messages, "no email was sent"
    links = [link for message in messages for link in _addresses(message)]
    assert len(links) >= expect_at_least, links
    wrong = [link for link in links if not (link + "/").startswith(base)]
    assert not wrong, f"links not on BASE_URL {base}: {wrong}"
    assert not any("evil.example" in m.as_string() for m in messages)


def test_password_reset_link_ignores_the_host_header(app, client, factories, outbox):
    user = factories.user(email="rosa@example.org")
    assert _post(client, "/account/forgot-password", {"email": user.email}).status_code == 303
    assert_links_on_base_url(app, outbox)
    assert "/account/reset/" in outbox.last_to(user.email).get_body(("plain",)).get_content()


def test_verification_and_already_registered_links_ignore_the_host_header(
    app, client, factories, outbox
):
    data = {
        "email": "new@example.org",
        "display_name": "New Person",
        "password": "a long passphrase here",
    }
    assert _post(client, "/account/register", data).status_code == 303
    owner = factories.user(email="owner@example.org")
    again = app.test_client()
    data = {**data, "email": owner.email}
    assert _post(again, "/account/register", data).status_code == 303
    assert len(outbox.messages) == 2
    assert_links_on_base_url(app, outbox, expect_at_least=2)


def test_resent_verification_link_ignores_the_host_header(app, client, factories, outbox):
    user = factories.user(verified=False)
    _login(client, user)
    response = _post(client, "/account/verify/resend", {}, form_url="/account/profile")
    assert response.status_code == 303
    assert_links_on_base_url(app, outbox)


def test_coauthor_invitation_link_ignores_the_host_header(app, client, factories, outbox):
    author = factories.user()
    friend = factories.user(email="friend@example.org")
    proposal = factories.proposal(author=author)
    _login(client, author)
    url = f"/proposals/{proposal.id}/coauthors"
    assert _post(client, url, {"email": friend.email}).status_code == 303
    assert_links_on_base_url(app, outbox)
    assert "/coauthors/invitation" in outbox.last_to(friend.email).as_string()


def test_notification_links_and_unsubscribe_ignore_the_host_header(app, factories, outbox):
    amina = factories.user(email="amina@example.org")
    jo = factories.user()
    comment = factories.comment(factories.consultation(), author=amina)
    client = app.test_client()
    _login(client, jo)
    data = {
        "target_type": comment.target_type,
        "target_id": comment.target_id,
        "parent_id": comment.id,
        "body": "A reply sent for another host.",
    }
    response = _post(client, "/comments", data, form_url=f"/comments/{comment.id}/reply")
    assert response.status_code == 303
    message = outbox.last_to(amina.email)
    assert message["List-Unsubscribe"]
    assert_links_on_base_url(app, outbox, expect_at_least=3)


def test_digest_links_ignore_a_request_in_progress(app, factories, outbox):
    """Digests come from a command, but even one run during a request uses BASE_URL."""
    amina = factories.user(email="amina@example.org")
    service.set_frequency(amina, "replies", "digest")
    comment = factories.comment(factories.consultation(), author=amina)
    assert reply(app, factories.user(), comment, "Waits for the digest.").status_code == 303
    with app.test_request_context("/", base_url="http://evil.example"):
        assert digests.send_digests() == 1
    assert_links_on_base_url(app, outbox, expect_at_least=3)


def test_production_answers_400_to_a_host_it_does_not_serve(tmp_path):
    with separate_app(
        ProductionConfig,
        tmp_path,
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        BASE_URL="https://engage.example.gov",
        TRUSTED_HOSTS=["engage.example.gov"],
    ) as prod:
        client = prod.test_client()
        good = client.get("/healthz", base_url="https://engage.example.gov")
        assert good.status_code == 200
        bad = client.get("/account/forgot-password", headers=EVIL)
        assert bad.status_code == 400
        assert "evil.example" not in bad.get_data(as_text=True)
        assert client.post("/account/forgot-password", headers=EVIL).status_code == 400


def test_production_trusts_the_base_url_host_when_trusted_hosts_is_not_set(monkeypatch):
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    assert production_trusted_hosts("https://engage.example.gov/") == ["engage.example.gov"]
    monkeypatch.setenv("TRUSTED_HOSTS", "engage.example.gov, .engage.example.gov")
    assert production_trusted_hosts("https://x.example") == [
        "engage.example.gov",
        ".engage.example.gov",
    ]


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.1:5000", "localhost:5123"])
def test_development_serves_any_local_host(tmp_path, host):
    with separate_app(DevelopmentConfig, tmp_path) as dev:
        assert dev.test_client().get("/healthz", headers={"Host": host}).status_code == 200
