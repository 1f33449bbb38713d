"""The moderation decisions pages for the accessibility sweep (tests/e2e/pages.py)."""

from __future__ import annotations

from engage.extensions import db


def decision_content(factories, world) -> None:
    """An open reported case, a decision about the resident, an open appeal by someone else,
    and an overturned one, so every moderation page has something to show."""
    from engage.moderation.appeals import service as appeals
    from tests.moderation.decisions import appealed, hidden_by, reported_comment

    m = world.moderation
    # Decided by the moderator the sweep doesn't sign in as, so the sweep's moderator and
    # admin both see the appeal form.
    other = world.target
    m["case"] = reported_comment(factories, reporters=2)[1]
    m["decision"] = hidden_by(factories, other, author=world.users["resident"])
    m["appeal"] = appealed(factories, other)
    done = appealed(factories, other)
    appeals.decide(factories.user("moderator"), done, "overturned", "It was a public office.")
    db.session.commit()


def decision_pages(SweepPage, roles):  # noqa: N803 - the class is passed in
    everyone, signed_in = roles["EVERYONE"], roles["SIGNED_IN"]
    moderators = frozenset({"moderator", "admin"})
    admin = frozenset({"admin"})
    return [
        SweepPage("guidelines", "guidelines.show_guidelines", everyone),
        SweepPage(
            "guidelines: version 1", "guidelines.show_version", everyone, lambda w: {"number": 1}
        ),
        SweepPage(
            "guidelines: edit a rule", "guidelines.edit_rule", admin, lambda w: {"number": 3}
        ),
        SweepPage("guidelines: add a rule", "guidelines.new_rule", admin),
        SweepPage("moderation: queue", "moderation.queue", moderators),
        SweepPage(
            "moderation: case",
            "moderation.view_case",
            moderators,
            lambda w: {"case_id": w.moderation["case"].id},
        ),
        SweepPage("moderation: appeals", "moderation.appeals", moderators),
        SweepPage(
            "moderation: decide an appeal",
            "moderation.decide_appeal",
            moderators,
            lambda w: {"appeal_id": w.moderation["appeal"].id},
        ),
        SweepPage("moderation: decisions about you", "moderation.my_decisions", signed_in),
        SweepPage(
            "moderation: appeal form",
            "moderation.appeal_decision",
            frozenset({"resident"}),
            lambda w: {"action_id": w.moderation["decision"].id},
        ),
        SweepPage("moderation: public log", "moderation.public_log", everyone),
        SweepPage(
            "admin: audit log filtered",
            "admin.audit_log",
            admin,
            lambda w: {"action": "moderation", "target_type": "comment"},
        ),
    ]
