"""Two officials editing the same clause (issue 22, defect 15): the second save is refused
with both texts shown and nothing lost; then either choice works."""

from __future__ import annotations

import re

from engage.drafts import queries
from engage.drafts.models import Clause
from engage.extensions import db
from tests.concurrency import assert_conflict_page, load_form, resent_version
from tests.factories import login


def _two_editors(app, factories):
    first, second = factories.user("official"), factories.user("official", name="Rosa Editor")
    consultation = factories.consultation(official=first)
    consultation.department_id = None  # open to every official
    draft = factories.draft(consultation, official=first)
    clause = queries.clause_by_number(draft, 2)
    db.session.commit()
    a, b = app.test_client(), app.test_client()
    login(a, first)
    login(b, second)
    url = f"/consultations/{consultation.slug}/draft/edit/parts/{clause.id}"
    return a, b, url, clause.id


def _text(clause_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Clause, clause_id).text


def test_second_save_of_a_clause_is_refused_and_both_texts_kept(app, factories):
    a, b, url, clause_id = _two_editors(app, factories)
    field = f"part{clause_id}-text"
    form_a, form_b = load_form(a, url), load_form(b, url)
    assert a.post(url, data={**form_a, field: "Text from Rosa's colleague."}).status_code == 303
    response = b.post(url, data={**form_b, field: "Text from Rosa."})
    html = assert_conflict_page(response, "Text from Rosa.", "Text from Rosa&#39;s colleague.")
    assert _text(clause_id) == "Text from Rosa's colleague."  # nothing written
    assert re.search(r">\s*Text from Rosa\.</textarea>", html)  # her text is still in the field
    # Save mine over theirs: the form now carries the current version.
    again = b.post(url, data={**form_b, **resent_version(html, url), field: "Text from Rosa."})
    assert again.status_code == 303
    assert _text(clause_id) == "Text from Rosa."


def test_clause_conflict_with_htmx_swaps_the_form_with_the_error_summary(app, factories):
    a, b, url, clause_id = _two_editors(app, factories)
    field = f"part{clause_id}-text"
    hx = {"HX-Request": "true"}
    form_a, form_b = load_form(a, url, hx), load_form(b, url, hx)
    assert a.post(url, data={**form_a, field: "First."}, headers=hx).status_code == 200
    response = b.post(url, data={**form_b, field: "Second."}, headers=hx)
    html = assert_conflict_page(response, "Second.", "First.")
    assert "<html" not in html and f'id="part-{clause_id}"' in html
    summary = html.index('class="error-summary"')
    assert summary < html.index("data-focus-after-swap") <= summary + 200
    assert f'data-hx-get="{url}"' in html  # start from theirs, in place
    assert _text(clause_id) == "First."
    # Start from theirs: the form comes back with their text and the current version.
    fresh = b.get(url, headers=hx).get_data(as_text=True)
    assert re.search(r">\s*First\.</textarea>", fresh) and "Someone else changed" not in fresh
