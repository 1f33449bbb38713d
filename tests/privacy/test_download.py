from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta

from engage.extensions import db
from engage.privacy.models import DataExport
from tests.factories import login, post_form
from tests.privacy.helpers import EMAIL, NAME, busy_resident, rows_naming

# What the issue lists, as tables: each must hold rows for a resident who did everything.
EXPECTED = (
    "proposals",
    "proposal_versions",
    "comments",
    "comment_revisions",
    "supports",
    "comment_votes",
    "amendments",
    "amendment_supports",
    "proposal_coauthors",
    "moderation_reports",
    "moderation_actions",
    "appeals",
    "suspensions",
    "notices",
    "notice_digests",
    "follows",
    "email_settings",
    "deliveries",
    "security_events",
    "user_sessions",
    "user_roles",
    "audit_entries",
    "opinion_statements",
    "opinion_votes",
)


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_a_resident_downloads_a_row_for_every_table_that_names_them(client, factories):
    person, *_ = busy_resident(factories)
    login(client, person)
    archive = _zip(post_form(client, "/account/data", {}))
    counts = rows_naming(person.id)
    for table, count in counts.items():
        rows = json.loads(archive.read(f"{table}.json"))
        assert len(rows) >= count, table  # history tables add their parents' rows
        csv_lines = archive.read(f"{table}.csv").decode().strip().splitlines()
        assert len(csv_lines) >= count + 1, table
    for table in EXPECTED:
        assert json.loads(archive.read(f"{table}.json")), f"no rows of {table}"
    account = json.loads(archive.read("users.json"))[0]
    assert account["email"] == EMAIL and account["display_name"] == NAME
    assert account["password_hash"].startswith("[withheld")
    # Every version and every earlier wording, also ones written before an edit.
    revisions = json.loads(archive.read("comment_revisions.json"))
    assert any("A comment" in r["body"] for r in revisions)
    # Someone else's notice about this person's comment: theirs is not named.
    notices = json.loads(archive.read("notices.json"))
    assert {n["user_id"] for n in notices} == {person.id, None}
    readme = archive.read("README.txt").decode()
    for table in EXPECTED:
        assert f"{table}.json, {table}.csv" in readme


def test_the_page_offers_the_download_and_the_account_page_links_it(client, factories):
    person = factories.user()
    login(client, person)
    assert "/account/data" in client.get("/account/profile").get_data(as_text=True)
    page = client.get("/account/data").get_data(as_text=True)
    assert 'data-hx-boost="false"' in page and "Download my data" in page


def test_a_large_account_gets_an_emailed_link_that_expires(app, client, factories, outbox):
    person, *_ = busy_resident(factories)
    app.config["PRIVACY_EXPORT_INLINE_ROWS"] = 5
    try:
        login(client, person)
        assert "Email me a link" in client.get("/account/data").get_data(as_text=True)
        response = post_form(client, "/account/data", {})
        assert response.status_code == 303
    finally:
        app.config["PRIVACY_EXPORT_INLINE_ROWS"] = 2000
    text = outbox.last_to(EMAIL).get_body(("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/account/data/\S+)", text).group(1)
    archive = _zip(client.get(path))
    assert json.loads(archive.read("proposals.json"))
    # Only for the account it was made for.
    other = factories.user()
    stranger = app.test_client()
    login(stranger, other)
    assert stranger.get(path).status_code == 404
    # Not after it expires.
    export = db.session.scalar(db.select(DataExport))
    export.expires_at = export.ready_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get(path).status_code == 404
