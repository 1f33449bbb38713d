"""Two officials editing the same consultation (issue 22, defect 15): the second save is
refused, both versions are shown, nothing is written; then "save mine over theirs" works."""

from __future__ import annotations

from engage.consultations.models import Consultation
from engage.extensions import db
from tests.concurrency import assert_conflict_page, load_form, resent_version
from tests.factories import login


def test_second_save_of_a_consultation_is_refused_and_nothing_is_lost(app, factories):
    first, second = factories.user("official"), factories.user("official")
    consultation = factories.consultation("open", official=first, title="Cameras in parks")
    consultation.department_id = None  # open to every official
    db.session.commit()
    a, b = app.test_client(), app.test_client()
    login(a, first)
    login(b, second)
    url = f"/consultations/{consultation.slug}/edit"
    form_a, form_b = load_form(a, url), load_form(b, url)
    assert a.post(url, data={**form_a, "title": "Cameras in city parks"}).status_code == 303
    response = b.post(url, data={**form_b, "summary": "Should parks have cameras at all?"})
    html = assert_conflict_page(response, "Cameras in parks", "Cameras in city parks")
    assert "Should parks have cameras at all?" in html  # her own change is in the form
    db.session.expire_all()
    saved = db.session.get(Consultation, consultation.id)
    assert saved.title == "Cameras in city parks" and saved.summary != (
        "Should parks have cameras at all?"
    )
    again = b.post(
        url,
        data={
            **form_b,
            **resent_version(html, url),
            "summary": "Should parks have cameras at all?",
        },
    )
    assert again.status_code == 303
    db.session.expire_all()
    saved = db.session.get(Consultation, consultation.id)
    assert (saved.title, saved.summary) == ("Cameras in parks", "Should parks have cameras at all?")
    assert saved.edited_by_id == second.id
