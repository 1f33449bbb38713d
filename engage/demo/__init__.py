"""Demo content for trying Engage locally: ``flask seed-demo`` calls ``seed()``.

One module per feature; ``seed()`` runs them in order, since later ones build on what
earlier ones made. Idempotent: a second run adds nothing.
"""

from __future__ import annotations

from sqlalchemy import func, select

from engage.accounts.models import User, find_user_by_email
from engage.demo.accounts import seed_accounts
from engage.demo.amendments import seed_amendments
from engage.demo.comments import seed_comments
from engage.demo.consultations import seed_consultations
from engage.demo.demographics import seed_demographics
from engage.demo.drafts import seed_draft
from engage.demo.moderation import seed_decisions, seed_intake
from engage.demo.notifications import seed_notifications
from engage.demo.opinion_map import seed_opinion_map
from engage.demo.outcomes import seed_outcomes
from engage.demo.proposals import seed_proposals
from engage.demo.surveys import seed_survey
from engage.extensions import db


def seed() -> int:
    """Accounts, departments, four consultations and everything around them; returns the
    number of new accounts (the opinion map's voters included)."""
    before = db.session.scalar(select(func.count(User.id)))
    _created, residents = seed_accounts()
    admin = find_user_by_email("admin@example.org")
    official = find_user_by_email("official@example.org")
    main, closed = seed_consultations(admin, official)
    main_proposals = seed_proposals(main, closed, residents)
    seed_comments(main, main_proposals, residents)
    seed_draft(main, official, residents)
    seed_amendments(main, official, residents)
    seed_decisions(main, residents)
    seed_intake(main, residents)
    seed_outcomes(main, closed, official, admin)
    seed_survey(main, official, residents)
    seed_opinion_map(main, official, residents)
    seed_demographics()  # after the map: its voters answer
    # Last: it also keeps the emails the seeding above queued from going out.
    seed_notifications(main, residents)
    return db.session.scalar(select(func.count(User.id))) - before
