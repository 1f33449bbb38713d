"""TRUSTED_PROXIES: rate limits count each visitor behind a proxy, not the proxy."""

from __future__ import annotations

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from config import TestingConfig
from engage.security import trust_proxies
from tests.apps import separate_app
from tests.factories import post_form

PROXY = "10.0.0.5"


def failed_login(client, forwarded_for: str):
    return post_form(
        client,
        "/account/login",
        {"email": "nobody@example.org", "password": "wrong password!"},
        headers={"X-Forwarded-For": forwarded_for},
    )


def behind_proxy(app, forwarded_for: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = PROXY
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client


@pytest.fixture
def one_proxy(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 1)
    monkeypatch.setattr(app, "wsgi_app", app.wsgi_app)
    trust_proxies(app)
    return app


def test_behind_a_trusted_proxy_two_visitors_do_not_share_a_limit(one_proxy):
    first = behind_proxy(one_proxy, "203.0.113.1")
    for _ in range(5):
        assert failed_login(first, "203.0.113.1").status_code == 422
    assert failed_login(first, "203.0.113.1").status_code == 429

    second = behind_proxy(one_proxy, "203.0.113.2")
    assert failed_login(second, "203.0.113.2").status_code == 422


def test_a_forged_header_before_the_proxys_own_is_ignored(one_proxy):
    """The proxy appends the real address; only the last hop's word counts."""
    attacker = behind_proxy(one_proxy, "203.0.113.9")
    for n in range(5):
        failed_login(attacker, f"198.51.100.{n}, 203.0.113.9")
    assert failed_login(attacker, "198.51.100.77, 203.0.113.9").status_code == 429


def test_without_trusted_proxies_the_header_is_not_believed(app):
    assert app.config["TRUSTED_PROXIES"] == 0
    client = app.test_client()
    for n in range(5):
        failed_login(client, f"203.0.113.{n}")
    assert failed_login(client, "203.0.113.99").status_code == 429


def test_the_setting_wraps_the_app_in_proxyfix(tmp_path):
    with separate_app(TestingConfig, tmp_path, TRUSTED_PROXIES=2) as app:
        assert isinstance(app.wsgi_app, ProxyFix)
        assert (app.wsgi_app.x_for, app.wsgi_app.x_proto, app.wsgi_app.x_host) == (2, 2, 0)
    with separate_app(TestingConfig, tmp_path, TRUSTED_PROXIES=0) as app:
        assert not isinstance(app.wsgi_app, ProxyFix)
