"""Notification pages for the accessibility sweep (tests/e2e/pages.py). The sweep's
resident already has notices (answers to their proposal) and follows (what they wrote)."""

from __future__ import annotations


def _unsubscribe(group: str, **extra):
    def values(world):
        from engage.notifications.emails import unsubscribe_token

        return {"token": unsubscribe_token(world.users["resident"], group), **extra}

    return values


def notification_pages(SweepPage, roles):  # noqa: N803 - the class is passed in
    signed_in, everyone = roles["SIGNED_IN"], roles["EVERYONE"]
    return [
        SweepPage("notifications", "notifications.list_notices", signed_in),
        SweepPage("email settings", "notifications.settings", signed_in),
        SweepPage("unsubscribe", "notifications.unsubscribe", everyone, _unsubscribe("replies")),
        SweepPage(
            "unsubscribe: done",
            "notifications.unsubscribe",
            everyone,
            _unsubscribe("digest", done=1),
        ),
        SweepPage(
            "unsubscribe: bad link",
            "notifications.unsubscribe",
            everyone,
            lambda w: {"token": "not-a-token"},
            status=404,
        ),
    ]
