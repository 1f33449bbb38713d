"""The demo draft's amendments: every state, one out of date, one credited version; once."""

from __future__ import annotations

from sqlalchemy import func, select

from engage import demo
from engage.amendments.models import Amendment
from engage.amendments.queries import published_text
from engage.drafts.models import DraftVersion
from engage.extensions import db


def test_seed_demo_adds_amendments_in_every_state_once(app):
    demo.seed()
    db.session.commit()
    amendments = db.session.scalars(select(Amendment).order_by(Amendment.id)).all()
    assert {a.status for a in amendments} == {"proposed", "accepted", "rejected", "withdrawn"}
    assert {a.kind for a in amendments} == {"replace", "insert_after", "delete"}
    out_of_date = [a for a in amendments if a.out_of_date_against(published_text(a.clause))]
    assert len(out_of_date) == 1 and out_of_date[0].based_on_version_number == 1
    accepted = next(a for a in amendments if a.status == "accepted")
    credited = db.session.scalar(
        select(DraftVersion).where(DraftVersion.credited_amendment_id == accepted.id)
    )
    assert credited.number == accepted.accepted_in_version_number
    assert all(a.decision_reason for a in amendments if a.status == "rejected")
    assert sum(a.support_count for a in amendments) >= 4
    demo.seed()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Amendment)) == len(amendments)
