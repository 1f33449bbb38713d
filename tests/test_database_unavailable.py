"""When the database can't be reached (a restart, a failover), every page answers 503 with
Retry-After, drawn without the database, and a form being sent comes back with the
person's text (issue 20, faults). Mistakes in the code stay 500s."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import text

from config import TestingConfig
from engage.extensions import db
from tests.apps import separate_app
from tests.test_security import check_page

# Nothing listens on port 9: connecting fails at once, as while PostgreSQL restarts.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/engage?connect_timeout=2"
COMMENT = "The cameras in the park should need a warrant, and the logs must be public."


@pytest.fixture
def down_app(tmp_path):
    with separate_app(
        TestingConfig,
        tmp_path,
        SQLALCHEMY_DATABASE_URI=UNREACHABLE,
        HANDLE_UNEXPECTED_ERRORS=True,
        WTF_CSRF_ENABLED=False,
    ) as app:
        yield app


def test_a_page_asks_to_try_again_with_retry_after(down_app):
    response = down_app.test_client().get("/")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.headers["Cache-Control"] == "no-store"
    page = check_page(response)
    assert '<html lang="en" dir="ltr"' in page
    assert "<title>Try again in a moment" in page
    assert '<a href="/">Try again</a>' in page


def test_a_signed_in_persons_comment_comes_back_ready_to_send_again(down_app):
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:a-session-token"  # the loader's own query fails too
        session["_fresh"] = True
    form = {"target_type": "consultation", "target_id": "1", "body": COMMENT}

    response = client.post("/comments", data=form)

    assert response.status_code == 503
    page = check_page(response)
    assert "Nothing you sent was saved" in page
    textarea = re.search(r'<textarea id="kept-\d+" name="body"[^>]*>([^<]*)</textarea>', page)
    assert textarea and textarea.group(1) == COMMENT
    assert '<input type="hidden" name="target_type" value="consultation">' in page
    assert '<form method="post" action="/comments"' in page


def test_passwords_are_not_written_back(down_app):
    response = down_app.test_client().post(
        "/account/login", data={"email": "someone@example.org", "password": "a secret pass"}
    )

    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert 'value="someone@example.org"' in page
    assert "a secret pass" not in page


def test_htmx_requests_get_a_short_message_and_keep_their_form(down_app):
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:a-session-token"
    response = client.post("/comments", data={"body": COMMENT}, headers={"HX-Request": "true"})

    assert response.status_code == 503  # htmx does not swap it: the text stays in the form
    page = response.get_data(as_text=True)
    assert "<html" not in page and "nothing was saved" in page


def test_the_outage_is_logged_once_not_per_request(down_app, caplog, monkeypatch):
    monkeypatch.setattr("engage.errors._last_unavailable_log", [0.0])
    caplog.set_level(logging.ERROR, logger="engage.errors")
    client = down_app.test_client()
    for _ in range(3):
        assert client.get("/").status_code == 503
    assert len([r for r in caplog.records if r.name == "engage.errors"]) == 1


def test_a_mistake_in_the_code_is_still_a_500(tmp_path):
    with separate_app(TestingConfig, tmp_path, HANDLE_UNEXPECTED_ERRORS=True) as app:

        @app.get("/bad-sql")
        def bad_sql():
            db.session.execute(text("SELECT * FROM no_such_table"))

        with app.app_context():
            db.create_all()
        assert app.test_client().get("/bad-sql").status_code == 500


def test_the_page_speaks_the_readers_language(down_app):
    response = down_app.test_client().get("/", headers={"Accept-Language": "ar"})

    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert '<html lang="ar" dir="rtl"' in page and "حاول مرة أخرى بعد قليل" in page


def test_a_signed_in_persons_page_when_the_database_goes_mid_request(tmp_path, factories):
    """The person was looked up before the database went: the page must not ask the
    database again for their settings (the commit expired them), nor fail doing so. It
    speaks the browser's language then (or the language cookie's)."""
    import sqlite3

    from flask_login import current_user, login_user
    from sqlalchemy import event

    from engage.accounts import service as accounts
    from engage.accounts.models import User, UserRole

    with separate_app(TestingConfig, tmp_path, HANDLE_UNEXPECTED_ERRORS=True) as app:
        with app.app_context():
            db.create_all()
            user = User(email="es@example.org", display_name="E", password_hash="x", locale="es")
            user.roles = [UserRole(role="resident")]
            db.session.add(user)
            db.session.commit()
            user_id = user.id

        def locked(*_args, **_kwargs):
            raise sqlite3.OperationalError("database is locked")

        @app.get("/goes-away")
        def goes_away():
            person = db.session.get(User, user_id)
            accounts.sign_in(person)
            login_user(person)
            assert current_user.locale == "es"
            db.session.commit()  # expires the person's attributes, as a request's commit does
            event.listen(db.engine, "before_cursor_execute", locked)
            db.session.execute(text("SELECT 1"))

        try:
            response = app.test_client().get("/goes-away", headers={"Accept-Language": "es"})
        finally:
            with app.app_context():
                event.remove(db.engine, "before_cursor_execute", locked)

    assert response.status_code == 503
    assert "<title>Vuelva a intentarlo en un momento" in response.get_data(as_text=True)
