"""The demo: a hidden comment with an upheld appeal, a dismissed report, a waiting case."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.demo.moderation import seed_decisions
from engage.extensions import db
from engage.moderation.decision_models import Appeal, ModerationAction


def test_demo_decisions_are_added_once(client, factories):
    factories.user("moderator", email="moderator@example.org")
    factories.user("admin", email="admin@example.org")
    consultation = factories.consultation()
    residents = [factories.user() for _ in range(12)]
    seed_decisions(consultation, residents)
    db.session.commit()
    decisions = db.session.scalars(select(ModerationAction).order_by(ModerationAction.id)).all()
    assert [(d.action, d.rule_number) for d in decisions] == [
        ("auto_hide", None),
        ("hide", 3),
        ("dismiss", None),
    ]
    assert db.session.scalar(select(Appeal.status)) == "upheld"
    assert "Appeal decided: decision upheld" in client.get("/moderation/log").get_data(as_text=True)
    seed_decisions(consultation, residents)
    db.session.commit()
    assert db.session.scalar(select(func.count(ModerationAction.id))) == 3
