"""The demo's optional questions: the facial recognition consultation's "who took part"
flags the scarce groups, hides small cells, and a second seeding adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from engage import demo
from engage.consultations.models import Consultation
from engage.demographics import representation
from engage.demographics.models import DemographicAnswer
from engage.extensions import db
from engage.opinion_map.models import OpinionMap


def test_demo_who_took_part_flags_scarce_groups_once(app):
    demo.seed()
    db.session.commit()
    the_map = db.session.scalar(select(OpinionMap))
    consultation = db.session.get(Consultation, the_map.consultation_id)
    table = representation.table(consultation)
    flagged = {(row.question.key, cell.value) for row, cell in table.flagged}
    assert {("age_band", "65_74"), ("age_band", "75_plus")} <= flagged
    assert any(not cell.shown for row in table.rows for cell in row.cells)
    count = db.session.scalar(select(func.count()).select_from(DemographicAnswer))
    demo.seed()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(DemographicAnswer)) == count
