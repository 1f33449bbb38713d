"""A consultation's texts in Spanish and Arabic: the officials' pages, what readers see,
the note where a translation is missing, and one query for a whole list."""

from __future__ import annotations

import re

import pytest
from flask_babel import gettext
from sqlalchemy import select

from engage.audit.models import AuditEntry
from engage.consultations.models import ConsultationTranslation
from engage.extensions import db
from tests.consultations.helpers import post, text
from tests.factories import login
from tests.proposals.test_query_budget import _count

ES = {"Accept-Language": "es"}
AR = {"Accept-Language": "ar"}
SPANISH = {
    "title": "Normas para los drones de la policía",
    "summary": "¿Debe la policía usar drones?",
    "easy_read_summary": "La policía quiere cámaras que vuelan.",
    "body": "",
    "commitment": "Leeremos cada propuesta.",
}


@pytest.fixture
def official(client, factories):
    user = factories.user("official", name="Olu Official")
    login(client, user)
    return user


def _note(app, headers, language):
    with app.test_request_context(headers=headers):
        return gettext(
            "This consultation is not yet available in %(language)s. It is shown in its "
            "original language.",
            language=language,
        )


def _translate(consultation, locale="es", **values):
    db.session.add(
        ConsultationTranslation(
            consultation_id=consultation.id, locale=locale, **{**SPANISH, **values}
        )
    )
    db.session.commit()


def test_an_official_adds_a_spanish_translation(client, official, factories):
    consultation = factories.consultation("open", title="Rules for police drones")
    page = text(client.get(f"/consultations/{consultation.slug}/translations"))
    assert "Español" in page and "Not translated" in page and "العربية" in page

    form = text(client.get(f"/consultations/{consultation.slug}/translations/es"))
    assert re.search(r'<textarea[^>]*\bdir="ltr"[^>]*\blang="es"', form)
    assert "Original: Title" in form and "Rules for police drones" in form

    response = post(client, f"/consultations/{consultation.slug}/translations/es", SPANISH)
    assert response.status_code == 303
    saved = db.session.scalar(select(ConsultationTranslation))
    assert (saved.locale, saved.title, saved.body) == ("es", SPANISH["title"], "")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("%translation%")))
    assert entry.action == "consultation.translation_added" and entry.actor_id == official.id
    assert entry.after["title"] == SPANISH["title"]

    changed = {**SPANISH, "title": "Drones de la policía"}
    post(client, f"/consultations/{consultation.slug}/translations/es", changed)
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "consultation.translation_edited"
    assert entry.before == {"locale": "es", "title": SPANISH["title"]}

    empty = dict.fromkeys(SPANISH, "")
    post(client, f"/consultations/{consultation.slug}/translations/es", empty)
    assert db.session.scalar(select(ConsultationTranslation)) is None
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "consultation.translation_removed"


def test_arabic_fields_are_written_right_to_left(client, official, factories):
    consultation = factories.consultation("open")
    form = text(client.get(f"/consultations/{consultation.slug}/translations/ar"))
    assert re.search(r'<textarea[^>]*\bdir="rtl"[^>]*\blang="ar"', form)
    assert client.get(f"/consultations/{consultation.slug}/translations/en").status_code == 404


def test_residents_cannot_translate(client, factories):
    login(client, factories.user())
    consultation = factories.consultation("open")
    assert client.get(f"/consultations/{consultation.slug}/translations/es").status_code == 403
    response = post(client, f"/consultations/{consultation.slug}/translations/es", SPANISH)
    assert response.status_code == 403
    assert db.session.scalar(select(ConsultationTranslation)) is None


def test_spanish_readers_see_the_translation(client, factories):
    consultation = factories.consultation(
        "open", title="Rules for police drones", body="## Why\n\nDrones are cheap."
    )
    _translate(consultation)
    page = text(client.get(f"/consultations/{consultation.slug}", headers=ES))
    assert f'<h1 dir="auto">{SPANISH["title"]}</h1>' in page or (
        re.search(r"<h1[^>]*>" + re.escape(SPANISH["title"]) + "</h1>", page)
    )
    assert SPANISH["summary"] in page and SPANISH["easy_read_summary"] in page
    assert "Rules for police drones" not in page.split("<main", 1)[1]
    # The body has no Spanish text yet: shown in English, marked as English.
    assert re.search(r'<div class="stack"[^>]*\blang="en"[^>]*>\s*<h3>Why</h3>', page)
    assert not re.search(r"<h1[^>]*lang=", page)
    # English readers see the original.
    english = text(client.get(f"/consultations/{consultation.slug}"))
    assert "Rules for police drones" in english and SPANISH["title"] not in english


def test_a_missing_translation_shows_the_original_with_a_note(app, client, factories):
    consultation = factories.consultation("open", title="Rules for police drones")
    _translate(consultation, locale="es")
    arabic = text(client.get(f"/consultations/{consultation.slug}", headers=AR))
    assert _note(app, AR, "العربية") in arabic
    assert re.search(r'<h1[^>]*\blang="en"[^>]*>Rules for police drones</h1>', arabic)
    assert re.search(r'<div class="lead"[^>]*\blang="en"', arabic)
    # English readers get no note, and no lang attributes on the texts.
    english = text(client.get(f"/consultations/{consultation.slug}"))
    assert "not yet available" not in english and not re.search(r"<h1[^>]*lang=", english)


def test_the_note_says_the_language_in_english_when_the_interface_is_english(app, factories):
    """The exact wording from the issue, read by an English interface naming Spanish."""
    with app.test_request_context():
        note = gettext(
            "This consultation is not yet available in %(language)s. It is shown in its "
            "original language.",
            language="Español",
        )
    assert note == (
        "This consultation is not yet available in Español. It is shown in its original language."
    )


def test_lists_show_translations_and_mark_the_rest(client, factories):
    translated = factories.consultation("open", title="Rules for police drones")
    factories.consultation("open", title="Smart bins")
    _translate(translated)
    page = text(client.get("/consultations/", headers=ES))
    assert SPANISH["title"] in page and "Rules for police drones" not in page
    assert re.search(r'<a href="/consultations/[^"]+"[^>]*lang="en"[^>]*>Smart bins</a>', page)
    home = text(client.get("/", headers=ES))
    assert SPANISH["title"] in home and re.search(r'lang="en"[^>]*>Smart bins<', home)


def test_lists_load_translations_in_one_query(client, factories):
    """The same number of queries with 2 or 12 translated consultations on the page."""
    for _ in range(2):
        _translate(factories.consultation("open"))
    few = {url: _count_es(client, url) for url in ("/", "/consultations/")}
    for _ in range(10):
        _translate(factories.consultation("open"))
    many = {url: _count_es(client, url) for url in ("/", "/consultations/")}
    assert few == many


def _count_es(client, url):
    client.set_cookie("lang", "es")
    try:
        return _count(client, url)
    finally:
        client.delete_cookie("lang")
