"""Two admins editing the same rule (issue 22, defect 15): the version number of the
guidelines is the edit version; a change to another rule meanwhile is not a conflict."""

from __future__ import annotations

from engage.extensions import db
from engage.guidelines import service
from tests.concurrency import assert_conflict_page, load_form, resent_version
from tests.factories import login

URL = "/guidelines/rules/3/edit"


def _two_admins(app, factories):
    a, b = app.test_client(), app.test_client()
    login(a, factories.user("admin"))
    login(b, factories.user("admin"))
    return a, b


def _rule(number: int):
    db.session.expire_all()
    return service.current_version().rule(number)


def test_second_edit_of_the_same_rule_is_refused(app, factories):
    a, b = _two_admins(app, factories)
    form_a, form_b = load_form(a, URL), load_form(b, URL)
    saved = {"title": "Private details", "note": "Plainer words."}
    assert a.post(URL, data={**form_a, **saved}).status_code == 303
    mine = {"title": "Privacy", "note": "Shorter."}
    response = b.post(URL, data={**form_b, **mine})
    html = assert_conflict_page(response, "Privacy", "Private details")
    assert _rule(3).title == "Private details" and service.current_version().number == 2
    assert b.post(URL, data={**form_b, **resent_version(html, URL), **mine}).status_code == 303
    assert _rule(3).title == "Privacy"


def test_an_edit_to_another_rule_meanwhile_is_kept(app, factories):
    a, b = _two_admins(app, factories)
    other = "/guidelines/rules/2/edit"
    form_a, form_b = load_form(a, other), load_form(b, URL)
    assert a.post(other, data={**form_a, "title": "No spam, ever", "note": "x"}).status_code == 303
    assert b.post(URL, data={**form_b, "title": "Privacy", "note": "y"}).status_code == 303
    assert (_rule(2).title, _rule(3).title) == ("No spam, ever", "Privacy")
