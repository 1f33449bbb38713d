"""Shared steps for the intake tests: reporting and posting as a browser would."""

from __future__ import annotations

from contextlib import contextmanager

from engage.extensions import db
from engage.moderation.models import ModerationCase, Report
from tests.factories import csrf_token_from, token_for


def report_url(kind: str, target_id: int) -> str:
    return f"/moderation/report/{kind}/{target_id}"


def send_report(client, kind: str, target_id: int, reason="spam", detail="", **kwargs):
    page = client.get(report_url(kind, target_id))
    token = (
        token_for(client)
        if page.status_code != 200
        else csrf_token_from(page.get_data(as_text=True))
    )
    data = {"csrf_token": token, "reason": reason, "detail": detail}
    return client.post(report_url(kind, target_id), data=data, **kwargs)


def cases(kind: str, target_id: int) -> list[ModerationCase]:
    return list(
        db.session.scalars(
            db.select(ModerationCase)
            .where(ModerationCase.target_type == kind, ModerationCase.target_id == target_id)
            .order_by(ModerationCase.id)
        )
    )


def reports(kind: str, target_id: int) -> list[Report]:
    return list(
        db.session.scalars(
            db.select(Report).where(Report.target_type == kind, Report.target_id == target_id)
        )
    )


@contextmanager
def configured(app, **values):
    """Change settings for one test, and put them back."""
    old = {name: app.config.get(name) for name in values}
    app.config.update(values)
    try:
        yield
    finally:
        app.config.update(old)
