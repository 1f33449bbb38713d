"""Draft pages: officials import, edit and publish; anyone reads versions, diffs and clauses."""

from __future__ import annotations

from sqlalchemy import select

from engage.audit.models import AuditEntry
from engage.drafts import queries
from engage.extensions import db
from tests.factories import csrf_token_from, login, post_form

DOCUMENT = (
    "# Purpose\n\nThis policy sets rules for facial recognition.\n\n"
    "It applies to every police force.\n\n# Limits\n\nNo live matching in public places."
)


def _official_with_consultation(factories, client):
    official = factories.user("official")
    consultation = factories.consultation(official=official)
    login(client, official)
    return official, consultation


def test_official_imports_edits_and_publishes(factories, client):
    official, consultation = _official_with_consultation(factories, client)
    base = f"/consultations/{consultation.slug}/draft"
    assert client.get(base).headers["Location"].endswith(f"{base}/edit")
    response = post_form(
        client,
        f"{base}/import",
        {"title": "Facial recognition rules", "markdown": DOCUMENT},
        form_url=f"{base}/edit",
    )
    assert response.status_code == 303
    page = client.get(f"{base}/edit").get_data(as_text=True)
    assert "Clause 3" in page and "Section 2" in page
    response = post_form(
        client, f"{base}/publish", {"note": "First draft"}, form_url=f"{base}/edit"
    )
    assert response.status_code == 303
    draft = queries.draft_for(consultation)
    clause = queries.clause_by_number(draft, 3)
    url = f"{base}/edit/parts/{clause.id}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    response = client.post(
        url,
        data={"csrf_token": token, f"part{clause.id}-text": "No live matching anywhere."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="part-{clause.id}"' in html and "Changed, not published yet" in html
    assert "<html" not in html
    response = post_form(client, f"{base}/publish", {"note": "Wider ban"}, form_url=f"{base}/edit")
    assert response.status_code == 303
    diff = client.get(f"{base}/diff?from=1&to=2").get_data(as_text=True)
    assert "1 part changed" in diff and "anywhere." in diff and "in public places." in diff
    assert "This policy sets rules" not in diff  # only the changes by default
    whole = client.get(f"{base}/diff?from=1&to=2&view=all").get_data(as_text=True)
    assert "This policy sets rules" in whole
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"draft.created", "draft.imported", "draft.published", "clause.edited"} <= actions


def test_edit_without_javascript_redirects_and_keeps_text_on_error(factories, client):
    official, consultation = _official_with_consultation(factories, client)
    draft = factories.draft(consultation, official=official)
    clause = queries.clause_by_number(draft, 2)
    url = f"/consultations/{consultation.slug}/draft/edit/parts/{clause.id}"
    response = post_form(client, url, {f"part{clause.id}-text": "   "})
    assert response.status_code == 422
    response = post_form(client, url, {f"part{clause.id}-text": "It applies to all police."})
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"#part-{clause.id}"
    )
    assert clause.text == "It applies to all police." and draft.has_unpublished_changes


def test_publish_without_changes_is_refused(factories, client):
    official, consultation = _official_with_consultation(factories, client)
    factories.draft(consultation, official=official)
    url = f"/consultations/{consultation.slug}/draft/publish"
    response = post_form(client, url, {"note": "Again"}, form_url=url.replace("publish", "edit"))
    assert response.status_code == 422
    assert "Nothing has changed since version 1" in response.get_data(as_text=True)


def test_add_and_remove_parts(factories, client):
    official, consultation = _official_with_consultation(factories, client)
    draft = factories.draft(consultation, official=official)
    first = queries.clause_by_number(draft, 1)
    base = f"/consultations/{consultation.slug}/draft/edit"
    response = post_form(
        client,
        f"{base}/add",
        {"kind": "clause", "text": "A new rule.", "after": first.id},
        form_url=f"{base}/add?after={first.id}",
    )
    assert response.status_code == 303
    new = queries.clause_by_number(draft, 5)
    assert new.position == first.position + 1
    page = client.get(base)
    token = csrf_token_from(page.get_data(as_text=True))
    second = queries.clause_by_number(draft, 2)
    response = client.post(
        f"{base}/parts/{second.id}/remove",
        data={"csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert "Removed from the next version" in response.get_data(as_text=True)
    assert second.removed


def test_anyone_reads_versions_clause_pages_and_exports(factories, client):
    draft = factories.draft(versions=2)
    slug = draft.consultation.slug
    page = client.get(f"/consultations/{slug}/draft").get_data(as_text=True)
    assert "Version 2, published" in page and "Revision 2." in page
    old = client.get(f"/consultations/{slug}/draft/versions/1").get_data(as_text=True)
    assert "This is an earlier version." in old and "Revision 2." not in old
    clause = client.get(f"/consultations/{slug}/draft/clauses/1").get_data(as_text=True)
    assert "History" in clause and "<ins>" in clause and 'id="comments"' in clause
    export = client.get(f"/consultations/{slug}/draft/export.md?version=1")
    assert export.mimetype == "text/markdown"
    text = export.get_data(as_text=True)
    assert "## Scope" in text and "**1.** This policy covers cameras." in text
    assert "attachment" in export.headers["Content-Disposition"]
    printable = client.get(f"/consultations/{slug}/draft/print?version=2").get_data(as_text=True)
    assert "Revision 2." in printable and "Comment" not in printable
    assert client.get(f"/consultations/{slug}/draft/versions/3").status_code == 404
    assert client.get(f"/consultations/{slug}/draft/diff?from=1&to=9").status_code == 404
    assert client.get(f"/consultations/{slug}/draft/clauses/99").status_code == 404


def test_unpublished_draft_is_hidden_from_the_public(factories, client):
    draft = factories.draft(versions=0)
    slug = draft.consultation.slug
    assert client.get(f"/consultations/{slug}/draft").status_code == 404
    assert client.get(f"/consultations/{slug}/draft/clauses/1").status_code == 404
    login(client, factories.user())
    assert client.get(f"/consultations/{slug}/draft/edit").status_code == 403


def test_clause_comments_count_beside_the_clause(factories, client):
    draft = factories.draft()
    slug = draft.consultation.slug
    resident = factories.user()
    login(client, resident)
    clause = queries.clause_by_number(draft, 2)
    url = f"/consultations/{slug}/draft/clauses/2"
    page = client.get(url).get_data(as_text=True)
    token = csrf_token_from(page)
    response = client.post(
        "/comments",
        data={
            "csrf_token": token,
            "target_type": "clause",
            "target_id": clause.id,
            "body": "Which police forces?",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert response.headers["Location"].startswith(url)
    assert clause.comment_count == 1
    draft_page = client.get(f"/consultations/{slug}/draft").get_data(as_text=True)
    assert "1 comment" in draft_page
    assert "Which police forces?" in client.get(url).get_data(as_text=True)


def test_edit_form_is_a_fragment_for_htmx_and_a_page_without(factories, client):
    official, consultation = _official_with_consultation(factories, client)
    draft = factories.draft(consultation, official=official)
    clause = queries.clause_by_number(draft, 1)
    url = f"/consultations/{consultation.slug}/draft/edit/parts/{clause.id}"
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div class="draft-part stack" id="part-')
    assert "data-focus-after-swap" in fragment and "<html" not in fragment
    page = client.get(url).get_data(as_text=True)
    assert "<html" in page and "<h1>Edit Clause 1</h1>" in page


def test_editing_controls_only_for_those_who_may_edit(factories, client):
    draft = factories.draft()
    slug = draft.consultation.slug
    login(client, factories.user())
    page = client.get(f"/consultations/{slug}/draft").get_data(as_text=True)
    assert "Edit the draft" not in page
    consultation_page = client.get(f"/consultations/{slug}").get_data(as_text=True)
    assert (
        "Read the draft (version 1)" in consultation_page
        and "Edit the draft" not in consultation_page
    )
    client.post("/account/logout", data={"csrf_token": csrf_token_from(page)})
    login(client, factories.user("official"))
    page = client.get(f"/consultations/{slug}/draft").get_data(as_text=True)
    assert "Edit the draft" in page
