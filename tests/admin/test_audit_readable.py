"""The audit log reads as words: named, linked targets, a table of what changed, and
filters by action and kind in words (issue 22, defect 21)."""

from __future__ import annotations

import html
import re

from engage.audit.service import record
from engage.extensions import db
from tests.factories import login, post_form
from tests.queries import count_queries


def audit_page(client, query: str = "") -> str:
    return client.get("/admin/audit" + query).get_data(as_text=True)


def change_rows(page: str) -> list[tuple[str, str, str]]:
    """(field, before, after) for each row of the before/after tables."""
    rows = re.findall(
        r'<tr>\s*<th scope="row">([^<]+)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>',
        page,
        re.S,
    )
    return [(f.strip(), html.unescape(b.strip()), html.unescape(a.strip())) for f, b, a in rows]


def test_a_role_change_names_the_person_with_a_link_and_tabulates_the_change(client, factories):
    admin = factories.user("admin", name="Ada Admin")
    target = factories.user(name="Tom Target")
    login(client, admin)
    post_form(client, f"/admin/users/{target.id}", {"roles": ["moderator"], "reason": "Lead"})

    page = audit_page(client)

    assert "Roles changed" in page
    assert f'<a href="/admin/users/{target.id}" dir="auto">Tom Target</a>' in page
    assert ("Roles", "resident", "moderator, resident") in change_rows(page)
    assert "(user #" not in page
    assert "{&#34;roles&#34;" not in page and '{"roles"' not in page


def test_consultation_proposal_and_comment_targets_are_named_and_linked(client, factories):
    admin = factories.user("admin")
    consultation = factories.consultation(title="Cameras on Birch Road")
    proposal = factories.proposal(consultation, title="Signs at every camera")
    comment = factories.comment(on=proposal, body="Please publish the camera map first.")
    record(admin, "consultation.published", "consultation", consultation.id)
    record(admin, "proposal.answered", "proposal", proposal.id, after={"status": "accepted"})
    record(admin, "moderation.hide", "comment", comment.id, before={"visibility": "visible"})
    db.session.commit()
    login(client, admin)

    page = audit_page(client)

    consultation_url = f"/consultations/{consultation.slug}"
    assert f'<a href="{consultation_url}" dir="auto">Cameras on Birch Road</a>' in page
    assert f'<a href="/proposals/{proposal.id}" dir="auto">Signs at every camera</a>' in page
    assert re.search(
        rf'<a href="/comments/{comment.id}" dir="auto">Please publish the camera map first.</a>',
        page,
    )
    assert "Consultation:" in page and "Proposal:" in page and "Comment:" in page
    assert ("Visibility", "visible", "–") in change_rows(page)


def test_changed_fields_have_readable_labels_and_long_text_is_shortened(client, factories):
    admin = factories.user("admin")
    consultation = factories.consultation()
    long_before = "Cameras are placed at crossings. " * 10
    record(
        admin,
        "consultation.edited",
        "consultation",
        consultation.id,
        before={"summary": long_before, "closes_at": "2026-05-01T17:00:00+00:00"},
        after={"summary": "Short now.", "closes_at": "2026-06-01T17:00:00+00:00"},
    )
    db.session.commit()
    login(client, admin)

    page = audit_page(client)
    rows = {field: (before, after) for field, before, after in change_rows(page)}

    assert rows["Closes at"] == ("2026-05-01 17:00", "2026-06-01 17:00")
    before, after = rows["Summary"]
    assert after == "Short now."
    # The long text: its start in the summary of a disclosure, all of it inside.
    summary = re.search(r"<summary>(.*?) <span", before, re.S).group(1)
    assert len(summary) <= 120 and summary.endswith("…")
    assert long_before.strip() in before
    assert "closes_at" not in page and "summary&#34;" not in page


def test_filters_offer_actions_and_target_kinds_in_words(client, factories):
    admin = factories.user("admin")
    record(admin, "moderation.hide", "comment", 7, "hid a comment")
    record(admin, "moderation.restore", "proposal", 8, "restored a proposal")
    db.session.commit()
    login(client, admin)

    page = audit_page(client, "?action=moderation.hide&target_type=comment")

    action_select = re.search(r'<select id="audit-action" name="action">(.*?)</select>', page, re.S)
    assert action_select, "the action filter is a list to choose from"
    options = action_select.group(1)
    assert '<option value="moderation.hide" selected>Hidden</option>' in options
    assert '<option value="moderation">All: Moderation</option>' in options
    assert '<optgroup label="Moderation">' in options
    target_select = re.search(
        r'<select id="audit-target" name="target_type">(.*?)</select>', page, re.S
    )
    assert '<option value="comment" selected>Comment</option>' in target_select.group(1)
    assert '<option value="user">Person</option>' in target_select.group(1)
    assert re.findall(r"Reason: ([^<\n]+)", page) == ["hid a comment"]


def test_older_filter_links_keep_working_and_keep_their_value(client, factories):
    admin = factories.user("admin")
    record(admin, "moderation.hide", "comment", 7, "hid a comment")
    record(admin, "user.created", "user", admin.id, "made")
    db.session.commit()
    login(client, admin)

    page = audit_page(client, "?action=moderation")
    assert re.findall(r"Reason: ([^<\n]+)", page) == ["hid a comment"]
    assert '<option value="moderation" selected>All: Moderation</option>' in page
    odd = audit_page(client, "?action=something.else")
    assert '<option value="something.else" selected>something.else</option>' in odd
    assert "No entries match these filters." in odd


def test_audit_page_queries_do_not_grow_with_the_rows(client, factories):
    admin = factories.user("admin")
    consultation = factories.consultation()
    login(client, admin)

    def add_rows(n: int) -> None:
        for _ in range(n):
            proposal = factories.proposal(consultation)
            comment = factories.comment(on=proposal)
            person = factories.user()
            record(admin, "proposal.answered", "proposal", proposal.id, after={"status": "x"})
            record(admin, "moderation.hide", "comment", comment.id)
            record(admin, "user.roles_changed", "user", person.id, before={"roles": []})
            record(admin, "consultation.edited", "consultation", consultation.id)
        db.session.commit()

    def queries() -> int:
        client.get("/admin/audit")  # warm: what is cached per process is not per row
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get("/admin/audit").status_code == 200
        return len(statements)

    add_rows(1)
    few = queries()
    add_rows(11)
    assert queries() == few
