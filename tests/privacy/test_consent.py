"""Consent for emails: turning every email off, and one back on, is recorded with its time
and the privacy notice's version (optional demographics: tests/demographics)."""

from __future__ import annotations

from engage.extensions import db
from engage.notifications.kinds import GROUPS
from engage.privacy.models import ConsentRecord
from tests.factories import login, post_form

SETTINGS = "/notifications/settings"


def _records(user) -> list[tuple[str, bool, str]]:
    rows = db.session.scalars(
        db.select(ConsentRecord).where(ConsentRecord.user_id == user.id).order_by(ConsentRecord.id)
    )
    return [(row.purpose, row.given, row.notice_version) for row in rows]


def test_turning_emails_off_and_on_records_consent_with_the_notice_version(client, factories, app):
    user = factories.user()
    login(client, user)
    version = app.config["PRIVACY_NOTICE_VERSION"]
    all_never = dict.fromkeys(GROUPS, "never")
    assert post_form(client, SETTINGS, all_never).status_code == 303
    assert _records(user) == [("emails", False, version)]
    # Saving the same again records nothing new.
    post_form(client, SETTINGS, all_never)
    assert _records(user) == [("emails", False, version)]

    app.config["PRIVACY_NOTICE_VERSION"] = "2027-01-01"
    try:
        post_form(client, SETTINGS, {**all_never, "replies": "immediately"})
    finally:
        app.config["PRIVACY_NOTICE_VERSION"] = version
    assert _records(user) == [("emails", False, version), ("emails", True, "2027-01-01")]


def test_one_group_less_while_others_stay_on_is_no_new_record(client, factories):
    user = factories.user()
    login(client, user)
    post_form(
        client,
        SETTINGS,
        {group: default for group, (_l, default) in GROUPS.items()} | {"drafts": "never"},
    )
    assert _records(user) == []


def test_the_privacy_notice_states_the_periods_purge_applies_and_each_right(client, app):
    config = app.config
    saved = {k: config[k] for k in ("DELIVERY_RETENTION_DAYS", "UNVERIFIED_ACCOUNT_DAYS")}
    config.update(DELIVERY_RETENTION_DAYS=47, UNVERIFIED_ACCOUNT_DAYS=23)
    try:
        page = client.get("/privacy").get_data(as_text=True)
    finally:
        config.update(saved)
    assert "Emails sent: 47 days." in page
    assert "never confirmed: 23 days." in page
    assert f"at most {config['SECURITY_EVENT_RETENTION_DAYS']} days" in page
    assert f"{config['ACCOUNT_DELETION_GRACE_DAYS']} days after you ask" in page
    assert f"{config['PRIVACY_EXPORT_LINK_HOURS']} hours" in page
    assert f"Version: {config['PRIVACY_NOTICE_VERSION']}." in page
    rights = page.split('id="rights"')[1].split("</ul>")[0]
    for href in ("/account/profile", "/account/data", "/account/delete", "/notifications/settings"):
        assert f'href="{href}"' in rights
    categories = page.split('id="data-categories"')[1].split("</table>")[0]
    assert categories.count('<th scope="row">') == 11


def test_registering_records_consent_to_the_emails_the_page_describes(client, app):
    page = client.get("/account/register").get_data(as_text=True)
    assert "You can change or stop these emails at any time" in page
    answer = post_form(
        client,
        "/account/register",
        {
            "email": "new.person@example.org",
            "display_name": "New Person",
            "password": "a long passphrase 42",
        },
    )
    assert answer.status_code == 303
    from engage.accounts.models import find_user_by_email

    person = find_user_by_email("new.person@example.org")
    assert _records(person) == [("emails", True, app.config["PRIVACY_NOTICE_VERSION"])]
