"""Request size limits (security finding 6): a large request is refused with 413 before it
is read, larger only for the CSV import; a field over its limit is checked no further and
never comes back at its full length."""

from __future__ import annotations

import io

import pytest

from tests.consultations.helpers import field_value, post, text, token

LOGIN = "/account/login"


def test_a_20_mb_email_on_the_login_form_is_refused_with_413(client):
    response = post(client, LOGIN, {"email": "a" * (20 * 1024 * 1024), "password": "x"})
    assert response.status_code == 413
    page = text(response)
    assert len(page) < 50_000
    assert "<h1" in page and "That was too large" in page
    assert "at most 2 MB" in page and "nothing was read or saved" in page


def test_the_413_page_is_translated(client):
    client.set_cookie("lang", "es")
    response = post(client, LOGIN, {"email": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert 'lang="es"' in text(response) and "como máximo 2 MB" in text(response)


def test_htmx_gets_the_413_message_as_a_fragment(client):
    response = post(
        client, LOGIN, {"email": "a" * (3 * 1024 * 1024)}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 413
    page = text(response)
    assert "<html" not in page and "That was too large" in page


def test_a_multipart_text_field_over_max_form_memory_size_is_413(app, client, monkeypatch):
    csrf = token(client)
    monkeypatch.setitem(app.config, "MAX_FORM_MEMORY_SIZE", 10_000)
    response = client.post(
        LOGIN,
        data={"csrf_token": csrf, "email": "a" * 20_000, "password": "x"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413


def test_an_over_long_value_is_checked_no_further_and_not_echoed(client):
    sent = "a" * 1_000_000 + "@example.org"
    response = post(client, LOGIN, {"email": sent, "password": "x"})
    assert response.status_code == 422
    page = text(response)
    assert len(page) < 100_000
    assert field_value(page, "email") == "a" * 254
    assert "Use at most 254 characters." in page
    assert "What you sent was 1000012 characters long, so only the first 254 are shown" in page
    # The email pattern never ran on it (the length check stops the field's checks).
    assert "Enter an email address like" not in page


def test_a_value_a_little_over_its_limit_comes_back_whole(client):
    sent = "a" * 300 + "@example.org"
    page = text(post(client, LOGIN, {"email": sent, "password": "x"}))
    assert field_value(page, "email") == sent
    assert "Use at most 254 characters." in page and "only the first" not in page


@pytest.fixture
def official_and_consultation(client, factories):
    from tests.factories import login

    official = factories.user("official")
    login(client, official)
    return official, factories.consultation("open")


def test_only_the_csv_import_takes_more_than_max_content_length(
    app, client, official_and_consultation, monkeypatch
):
    _, consultation = official_and_consultation
    csrf = token(client)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1_000)
    monkeypatch.setitem(app.config, "MAX_UPLOAD_LENGTH", 10_000)
    csv = "kind,title,body,name,received_on,channel,proposal_id\r\n" + (
        "comment,,A comment written on paper.,,,,\r\n" * 50
    )
    assert 1_000 < len(csv) < 10_000

    def upload(content: str):
        return client.post(
            f"/consultations/{consultation.slug}/import",
            data={"csrf_token": csrf, "file": (io.BytesIO(content.encode()), "paper.csv")},
            content_type="multipart/form-data",
        )

    imported = upload(csv)
    assert imported.status_code == 200 and "50 rows imported" in text(imported)
    assert upload(csv * 6).status_code == 413
    recorded = client.post(
        f"/consultations/{consultation.slug}/record",
        data={"csrf_token": csrf, "kind": "comment", "body": csv},
    )
    assert recorded.status_code == 413
