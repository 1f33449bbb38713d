"""Two officials writing the same outcome report (issue 22, defect 15): the second save
is refused with both texts shown, whether the report existed or was being started."""

from __future__ import annotations

from engage.extensions import db
from engage.outcomes import queries
from tests.concurrency import assert_conflict_page, load_form, resent_version
from tests.factories import login


def _two_officials(app, factories):
    first, second = factories.user("official"), factories.user("official")
    consultation = factories.consultation("closed", official=first)
    consultation.department_id = None  # open to every official
    db.session.commit()
    a, b = app.test_client(), app.test_client()
    login(a, first)
    login(b, second)
    return a, b, consultation


def _report(consultation) -> tuple[str, str]:
    db.session.expire_all()
    outcome = queries.outcome_for(consultation)
    return outcome.heard, outcome.decided


def test_second_save_of_an_outcome_report_is_refused(app, factories):
    a, b, consultation = _two_officials(app, factories)
    url = f"/consultations/{consultation.slug}/outcome/edit"
    start = {"heard": "Worries about cameras.", "decided": "No cameras."}
    assert a.post(url, data={**load_form(a, url), **start}).status_code == 303
    form_a, form_b = load_form(a, url), load_form(b, url)
    assert a.post(url, data={**form_a, "decided": "No cameras in parks."}).status_code == 303
    response = b.post(url, data={**form_b, "decided": "Cameras only at night."})
    html = assert_conflict_page(response, "Cameras only at night.", "No cameras in parks.")
    assert _report(consultation) == ("Worries about cameras.", "No cameras in parks.")
    resend = {**form_b, **resent_version(html, url), "decided": "Cameras only at night."}
    assert b.post(url, data=resend).status_code == 303
    assert _report(consultation) == ("Worries about cameras.", "Cameras only at night.")


def test_two_officials_starting_the_report_at_once(app, factories):
    a, b, consultation = _two_officials(app, factories)
    url = f"/consultations/{consultation.slug}/outcome/edit"
    form_a, form_b = load_form(a, url), load_form(b, url)
    mine = {"heard": "What Bo heard.", "decided": "What Bo decided."}
    assert (
        a.post(url, data={**form_a, "heard": "What Al heard.", "decided": "Al."}).status_code == 303
    )
    response = b.post(url, data={**form_b, **mine})
    assert_conflict_page(response, "What Bo heard.", "What Al heard.")
    assert _report(consultation) == ("What Al heard.", "Al.")
