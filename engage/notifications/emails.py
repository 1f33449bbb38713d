"""Notice and digest emails: rendered in the recipient's language, with both parts and a
one-click unsubscribe (RFC 8058), recorded as deliveries and sent by a background job."""

from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from engage import jobs, mail
from engage.accounts.models import User
from engage.database import utcnow
from engage.extensions import db
from engage.i18n import force_locale
from engage.notifications import kinds
from engage.notifications.delivery import LEASE, SEND_JOB
from engage.notifications.models import Delivery, Notice

UNSUBSCRIBE_SALT = "engage.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User, group: str) -> str:
    """No expiry: an unsubscribe link keeps working however old the email is."""
    return _serializer().dumps({"uid": user.id, "group": group})


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("group") not in (*kinds.GROUPS, kinds.ALL_DIGESTS):
        return None
    return data.get("uid"), data["group"]


def _unsubscribe_headers(link: str) -> dict:
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _record(user: User, subject: str, message, **ids) -> Delivery:
    delivery = Delivery(
        user_id=user.id,
        to_address=user.email,
        subject=subject[:300],
        message=message.as_bytes(),
        next_attempt_at=utcnow() + LEASE,
        **ids,
    )
    db.session.add(delivery)
    db.session.flush()
    jobs.enqueue(SEND_JOB, delivery.id)
    return delivery


def queue_notice(notice: Notice, user: User) -> Delivery:
    group = kinds.KIND_GROUP[notice.kind]
    with force_locale(user.locale):
        subject = kinds.message(notice.kind, notice.data)
        unsubscribe = mail.site_url(
            url_for("notifications.unsubscribe", token=unsubscribe_token(user, group))
        )
        context = {
            "user": user,
            "notice": notice,
            "text": subject,
            "link": mail.site_url(notice.data.get("url", "/")),
            "excerpt": notice.data.get("excerpt", ""),
            "group_label": str(kinds.GROUPS[group][0]),
            "unsubscribe": unsubscribe,
            "settings": mail.site_url(url_for("notifications.settings")),
            "details": _details(notice),
        }
        text = render_template("notifications/email/notice.txt", **context)
        html = render_template("notifications/email/notice.html", subject=subject, **context)
    message = mail.build_message(user.email, subject, text, html, _unsubscribe_headers(unsubscribe))
    return _record(user, subject, message, notice_id=notice.id)


def _details(notice: Notice) -> dict | None:
    """A moderation notice's rule, reason and way to appeal, with a full link."""
    if notice.kind != "moderation_action":
        return None
    details = kinds.moderation_details(notice.data)
    if details["appeal_url"]:
        details["appeal_url"] = mail.site_url(details["appeal_url"])
    return details


def queue_digest(user: User, digest_id: int, notices: list[Notice]) -> Delivery:
    with force_locale(user.locale):
        subject = _("Your daily summary from %(site)s", site=current_app.config["SITE_NAME"])
        items = [
            {"text": kinds.message(n.kind, n.data), "link": mail.site_url(n.data.get("url", "/"))}
            for n in notices
        ]
        # The digest's link stops the digest: every group sent there is switched off.
        unsubscribe = mail.site_url(
            url_for("notifications.unsubscribe", token=unsubscribe_token(user, kinds.ALL_DIGESTS))
        )
        context = {
            "user": user,
            "items": items,
            "unsubscribe": unsubscribe,
            "settings": mail.site_url(url_for("notifications.settings")),
            "notices_link": mail.site_url(url_for("notifications.list_notices")),
        }
        text = render_template("notifications/email/digest.txt", **context)
        html = render_template("notifications/email/digest.html", subject=subject, **context)
    message = mail.build_message(user.email, subject, text, html, _unsubscribe_headers(unsubscribe))
    return _record(user, subject, message, digest_id=digest_id)
