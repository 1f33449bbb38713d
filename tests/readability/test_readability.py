"""Readability: the numbers on known texts, the hints, and the editor's live panel."""

from __future__ import annotations

import pytest

from engage.readability import analyse, sentences_of, syllables
from tests.consultations.helpers import HX, post, text
from tests.factories import login


@pytest.fixture
def official(client, factories):
    user = factories.user("official", name="Olu Official")
    login(client, user)
    return user


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cat", 1),
        ("table", 2),
        ("people", 2),
        ("cameras", 3),
        ("released", 2),
        ("before", 2),
        ("December", 3),
        ("implementation", 5),
        ("recognition", 4),
    ],
)
def test_syllables(word, count):
    assert syllables(word) == count


def test_known_english_text(app):
    # 8 words, 16 syllables: 206.835 - 1.015*8 - 84.6*2 = 29.5; 0.39*8 + 11.8*2 - 15.59 = 11.1
    with app.test_request_context():
        report = analyse("Residents can comment on the proposal before December.")
    assert (report.sentences, report.words, report.average_sentence) == (1, 8, 8.0)
    assert report.long_words == 4  # residents, comment, proposal, December: 7+ letters
    assert (report.reading_ease, report.grade) == (29.5, 11.1)


def test_very_easy_text_stays_on_the_scale(app):
    with app.test_request_context():
        report = analyse("The cat sat on the mat.")
    assert (report.reading_ease, report.grade, report.hints) == (100.0, 0.0, [])


def test_markdown_is_read_as_sentences():
    found = sentences_of(
        "## Heading\n\n- item one\n- item two\n\nA [link](https://x.org) here. More!"
    )
    assert found == [["Heading"], ["item", "one"], ["item", "two"], ["A", "link", "here"], ["More"]]


def test_hints_name_long_sentences_and_hard_words(app):
    long_sentence = " ".join(["word"] * 30) + ". "
    source = long_sentence * 3 + "The implementation of the aforementioned programme starts."
    with app.test_request_context():
        report = analyse(source)
    assert report.long_sentences == 3
    assert "3 sentences are longer than 25 words — split them." in report.hints
    assert "Try ‘doing, carrying out’ instead of ‘implementation’." in report.hints
    assert "Words like ‘aforementioned’ could be simpler." in report.hints


def test_other_languages_get_sentence_and_word_counts_only(app):
    source = "La implementación del programa requiere una consulta exhaustiva. Gracias."
    with app.test_request_context():
        report = analyse(source, "es")
    assert (report.sentences, report.words, report.long_words) == (2, 9, 6)
    assert report.reading_ease is None and report.grade is None
    assert "Words like ‘implementación’, ‘exhaustiva’ could be simpler." in report.hints


def test_arabic_sentences_end_at_the_arabic_question_mark(app):
    with app.test_request_context():
        report = analyse("ما رأيك في الكاميرات؟ أخبرنا.", "ar")
    assert (report.sentences, report.words) == (2, 5)


def test_easy_read_asks_for_shorter_sentences(client, official):
    sixteen = " ".join(["word"] * 16) + "."
    page = text(
        post(
            client,
            "/readability?field=easy_read_summary",
            {"easy_read_summary": sixteen},
            headers=HX,
        )
    )
    assert "1 sentence is longer than 15 words — split it." in page


def test_the_htmx_panel_is_a_fragment(client, official):
    response = post(
        client,
        "/readability?field=summary&language=en",
        {"summary": "Residents can comment on the proposal before December."},
        headers=HX,
    )
    page = text(response)
    assert response.status_code == 200 and "<html" not in page
    assert "1 sentence" in page and "8 words per sentence" in page
    assert "Reading ease 29.5 (very hard), grade 11.1." in page
    assert "HX-Request" in response.headers["Vary"]


def test_without_htmx_the_check_is_a_page_with_a_form(client, official):
    assert "Text to check" in text(client.get("/readability"))
    response = post(client, "/readability", {"text": "Short. Clear.", "language": "en"})
    page = text(response)
    assert response.status_code == 200 and "<html" in page
    assert 'role="status"' in page and "2 sentences" in page


def test_spanish_text_gets_no_flesch_score(client, official):
    page = text(post(client, "/readability", {"text": "Una frase corta.", "language": "es"}))
    assert "1 sentence" in page and "Reading ease" not in page


def test_residents_cannot_use_it(client, factories):
    login(client, factories.user())
    assert client.get("/readability").status_code == 403


def test_the_editor_has_live_panels_next_to_both_summaries(client, official, factories):
    summary = "Residents can comment on the proposal before December."
    consultation = factories.consultation("draft", official=official, summary=summary)
    page = text(client.get(f"/consultations/{consultation.slug}/edit"))
    for name in ("summary", "easy_read_summary"):
        assert f'data-hx-post="/readability?field={name}&language=en"' in page
        assert f'data-hx-params="{name}"' in page
        assert f'data-hx-target="#{name}-readability"' in page
        assert (
            f'<div id="{name}-readability" class="readability" role="status" aria-live="polite">'
            in page
        )
    assert 'data-hx-trigger="input changed delay:500ms"' in page
    # Without JavaScript the panel is already computed from the saved text.
    assert "Reading ease 29.5 (very hard)" in page


def test_check_readability_button_shows_the_panels_and_saves_nothing(client, official, factories):
    consultation = factories.consultation("draft", official=official, summary="Old summary.")
    data = {"action": "check", "title": "", "summary": "New words here. And more."}
    response = post(client, f"/consultations/{consultation.slug}/edit", data)
    page = text(response)
    assert response.status_code == 200
    assert "2 sentences" in page and "New words here. And more." in page
    assert consultation.summary == "Old summary."


def test_publishing_still_needs_an_easy_read_summary(client, official, factories):
    """Already enforced by the editor (tests/consultations/test_editor.py); checked here
    through the publish button of a draft preview as well."""
    consultation = factories.consultation("draft", official=official, easy_read_summary="")
    response = post(client, f"/consultations/{consultation.slug}/publish")
    assert response.status_code == 422
    assert "Write an easy-read summary before publishing." in text(response)
    assert consultation.published_at is None
