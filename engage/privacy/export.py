"""Download my data: a ZIP of everything the site holds about a person.

Every table with a column naming the person (engage.privacy.registry) gives one JSON and
one CSV file, written even when empty so the person can see it was looked at; a
README.txt says what each file is. Small accounts get the ZIP at once; larger ones are
built by a background job (engage.jobs) and fetched through an emailed link that expires.
"""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import zipfile
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, func, or_, select

from engage import csv_safe, jobs, mail
from engage.accounts.models import User
from engage.database import utcnow
from engage.extensions import db
from engage.privacy import registry
from engage.privacy.models import DataExport

# What each file holds, for the README. A table not described here (a new feature's) is
# still exported, with a generic line naming the columns that point at the person.
DESCRIPTIONS = {
    "users": "Your account and profile: email, public name, language, when you joined.",
    "user_roles": "Your roles on the site (resident, moderator, official, admin).",
    "user_sessions": "Devices where you are signed in (browser and system, never the address).",
    "security_events": "Sign-ins, wrong passwords and changes to how you sign in.",
    "recovery_codes": "When your two-factor recovery codes were made and used (not the codes).",
    "email_settings": "How often we email you about each kind of news.",
    "follows": "What you follow (consultations, proposals, drafts).",
    "notices": "Notifications to you, and those telling others about something you did.",
    "notice_digests": "Email digests of notifications sent to you.",
    "deliveries": "Emails we sent or tried to send you.",
    "comments": "Your comments, as they stand now (see comment_revisions for history).",
    "comment_revisions": "Every earlier wording of your comments.",
    "comment_votes": "Your agree and disagree votes on comments.",
    "proposals": "Your proposals, as they stand now.",
    "proposal_versions": "Every earlier wording of your proposals, and versions you edited.",
    "proposal_coauthors": "Proposals you were invited to write together, or invited others to.",
    "supports": "Proposals you support.",
    "amendments": "Amendments you proposed to draft clauses (or decided, as an official).",
    "amendment_supports": "Amendments you support.",
    "moderation_reports": "Reports you made about content or people.",
    "moderation_cases": "Moderation cases about your content.",
    "moderation_actions": "Moderation decisions about you or your content (or that you took).",
    "appeals": "Your appeals against moderation decisions.",
    "suspensions": "Suspensions of your account.",
    "audit_entries": "Privileged actions you took as staff.",
    "account_deletions": "A deletion of your account you asked for, if one is pending.",
    "data_exports": "Downloads of your data made in the background (not their content).",
    "opinion_statements": "Statements you wrote for a consultation's opinion map.",
    "opinion_votes": "Your agree, disagree and pass votes on opinion map statements.",
    "demographic_answers": "Your answers to the optional questions about you (age, area...).",
    "consent_records": "Consents you gave or withdrew, when, and the privacy notice's version.",
}
HISTORY = {
    # table -> (its foreign key to the parent, parent table, parent's author column)
    "comment_revisions": ("comment_id", "comments", "author_id"),
    "proposal_versions": ("proposal_id", "proposals", "author_id"),
}
WITHHELD = "[withheld: a security secret]"
SOMEONE_ELSE = None  # another person's account id is not theirs to receive


def _table(name: str) -> Table:
    return db.metadata.tables[name]


def _rows(user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Table name -> the rows naming the person (the users row first)."""
    found: dict[str, list[dict[str, Any]]] = {}
    users = _table("users")
    found["users"] = [
        _clean(row, users, user_id)
        for row in db.session.execute(select(users).where(users.c.id == user_id)).mappings()
    ]
    by_table = registry.by_table()
    for table, columns in by_table.items():
        where = or_(*(column == user_id for column in columns))
        if table.name in HISTORY:
            key, parent_name, author = HISTORY[table.name]
            parent = _table(parent_name)
            mine = select(parent.c.id).where(parent.c[author] == user_id)
            where = or_(where, table.c[key].in_(mine))
        order = list(table.primary_key.columns)
        statement = select(table).where(where).order_by(*order)
        found[table.name] = [
            _clean(row, table, user_id) for row in db.session.execute(statement).mappings()
        ]
    for name in HISTORY:
        if name not in found:
            key, parent_name, author = HISTORY[name]
            table, parent = _table(name), _table(parent_name)
            mine = select(parent.c.id).where(parent.c[author] == user_id)
            found[name] = [
                _clean(row, table, user_id)
                for row in db.session.execute(
                    select(table).where(table.c[key].in_(mine))
                ).mappings()
            ]
    return found


def _clean(row, table: Table, user_id: int) -> dict[str, Any]:
    users = _table("users")
    out = {}
    for column in table.columns:
        value = row[column.name]
        if column.name in registry.SECRET_COLUMNS and value is not None:
            value = WITHHELD
        elif value is not None and any(fk.column.table is users for fk in column.foreign_keys):
            value = value if value == user_id else SOMEONE_ELSE
        out[column.name] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return WITHHELD
    return value


def row_count(user: User) -> int:
    """How many rows the download would hold: decides inline or in the background."""
    total = 1
    for table, columns in registry.by_table().items():
        total += db.session.scalar(
            select(func.count()).select_from(table).where(or_(*(c == user.id for c in columns)))
        )
    return total


def build_zip(user: User) -> bytes:
    rows = _rows(user.id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(user, rows))
        for name, table_rows in rows.items():
            archive.writestr(f"{name}.json", json.dumps(table_rows, indent=2, ensure_ascii=False))
            archive.writestr(f"{name}.csv", _csv(_table(name), table_rows))
    return buffer.getvalue()


def _csv(table: Table, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv_safe.writer(out)
    names = [c.name for c in table.columns]
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in names])
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _readme(user: User, rows: dict[str, list]) -> str:
    site = current_app.config["SITE_NAME"]
    lines = [
        f"Your data from {site}",
        f"Made {utcnow().isoformat(timespec='seconds')} for account number {user.id}.",
        "",
        "Each part of the site that holds something about you gives two files with the same",
        "rows: NAME.json (for programs) and NAME.csv (for spreadsheets). A file with no rows",
        "means we looked and hold nothing of that kind. Times are in UTC. Where a row names",
        "another person's account, that column is left empty: it is their data, not yours.",
        "Secrets that would let someone sign in as you (password and code hashes) are",
        f"marked {WITHHELD}.",
        "",
        "The files:",
        "",
    ]
    by_table = registry.by_table()
    for name, table_rows in rows.items():
        columns = [c.name for c in by_table.get(_table(name), [])]
        about = DESCRIPTIONS.get(name) or (
            f"Rows of {name} whose {', '.join(columns)} is your account."
        )
        lines.append(f"{name}.json, {name}.csv ({len(table_rows)} rows): {about}")
    return "\n".join(lines) + "\n"


# Background exports


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_large(user: User) -> bool:
    return row_count(user) > current_app.config["PRIVACY_EXPORT_INLINE_ROWS"]


def request_background_export(user: User) -> DataExport:
    export = DataExport(user_id=user.id)
    db.session.add(export)
    db.session.flush()
    jobs.enqueue("engage.privacy.export.build_in_background", export.id)
    return export


def build_in_background(export_id: int) -> None:
    """The job: build the ZIP, keep it with the hash of a new link, email the link."""
    export = db.session.get(DataExport, export_id)
    if export is None or export.ready_at is not None:
        return
    user = db.session.get(User, export.user_id)
    token = secrets.token_urlsafe(32)
    export.content = build_zip(user)
    export.token_hash = _hash(token)
    export.ready_at = utcnow()
    hours = current_app.config["PRIVACY_EXPORT_LINK_HOURS"]
    export.expires_at = export.ready_at + timedelta(hours=hours)
    link = mail.external_url("privacy.fetch_export", token=token)
    mail.send_to(
        user,
        _l("Your data is ready to download"),
        "privacy/email/export_ready",
        user=user,
        link=link,
        hours=hours,
    )
    db.session.commit()


def find_export(user: User, token: str) -> DataExport | None:
    """The export behind a link, if it is this person's and has not expired."""
    export = db.session.scalar(select(DataExport).where(DataExport.token_hash == _hash(token)))
    if export is None or export.user_id != user.id or export.expires_at is None:
        return None
    if export.expires_at <= utcnow():
        return None
    return export


def purge_expired_exports(now: datetime | None = None) -> int:
    table = DataExport.__table__
    result = db.session.execute(
        table.delete().where(
            table.c.expires_at.is_not(None), table.c.expires_at <= (now or utcnow())
        )
    )
    return result.rowcount or 0
