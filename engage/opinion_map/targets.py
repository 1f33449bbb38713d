"""How moderation sees a statement (registered in engage.wiring): where it is shown, and
whether a new one waits for a moderator."""

from __future__ import annotations

from flask import url_for

from engage.consultations.models import Consultation
from engage.extensions import db
from engage.opinion_map import queries
from engage.opinion_map.models import OpinionStatement


def statement_url(statement: OpinionStatement) -> str:
    consultation = db.session.get(Consultation, statement.consultation_id)
    return url_for("opinion_map.vote_page", slug=consultation.slug, statement=statement.id)


def premoderated(statement: OpinionStatement) -> bool:
    """Residents' statements wait for review while the map pre-moderates (the default):
    one bad statement would be shown to everyone who votes."""
    if statement.seeded:
        return False
    opinion_map = queries.map_of(statement.consultation_id)
    return opinion_map is None or opinion_map.premoderation
