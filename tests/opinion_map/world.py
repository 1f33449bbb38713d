"""An opinion map in the database with planted camps of real accounts voting."""

from __future__ import annotations

from dataclasses import dataclass

from engage.accounts.models import User, UserRole
from engage.consultations.models import Consultation
from engage.extensions import db
from engage.opinion_map.models import OpinionMap, OpinionStatement, OpinionVote
from engage.opinion_map.participants import participant_key
from engage.permissions import RESIDENT
from tests.opinion_map.planted import Planted, plant


@dataclass
class MapWorld:
    consultation: Consultation
    planted: Planted
    statements: dict[int, OpinionStatement]  # planted statement id -> row
    users: dict[str, User]  # planted participant -> account

    def camp_of_key(self) -> dict[str, int]:
        """Each voter's camp, by the key the analysis knows them by."""
        return {
            participant_key(self.consultation.id, user.id): self.planted.camp_of[name]
            for name, user in self.users.items()
        }


def make_map(factories, *, camp_sizes=(20, 16, 14), statements=30, seed=2) -> MapWorld:
    consultation = factories.consultation()
    planted = plant(camp_sizes=camp_sizes, statements=statements, missing=0.3, seed=seed)
    db.session.add(OpinionMap(consultation_id=consultation.id))
    rows = {}
    for number, planted_id in enumerate(planted.statement_ids):
        text = f"Statement {number} about cameras"
        rows[planted_id] = OpinionStatement(
            consultation_id=consultation.id, text=text, normalized_text=text.lower()
        )
    db.session.add_all(rows.values())
    users = {}
    for name in sorted(planted.camp_of):
        # Accounts without a password hash to compute: these people only vote.
        users[name] = User(
            email=f"{name}-{consultation.id}@example.org",
            display_name=f"Voter {name}",
            password_hash="!",
            roles=[UserRole(role=RESIDENT)],
        )
    db.session.add_all(users.values())
    db.session.flush()
    for name, planted_id, value in planted.votes:
        statement = rows[planted_id]
        db.session.add(
            OpinionVote(
                consultation_id=consultation.id,
                statement_id=statement.id,
                user_id=users[name].id,
                value=value,
            )
        )
        if value == 1:
            statement.agree_count += 1
        elif value == -1:
            statement.disagree_count += 1
        else:
            statement.pass_count += 1
    db.session.commit()
    return MapWorld(consultation, planted, rows, users)
