"""Support count checkpoints (issue 19): with each signed head (cron), for every open
consultation whose supports changed since its last checkpoint; checked against the live
counts only once they are final."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from sqlalchemy import select, text

from engage.consultations.models import Consultation
from engage.extensions import db
from engage.ledger import events, service, verify
from engage.ledger.models import LedgerLeaf
from engage.proposals.models import Proposal


def checkpoints() -> list[LedgerLeaf]:
    query = select(LedgerLeaf).where(LedgerLeaf.kind == "support_checkpoint")
    return list(db.session.scalars(query.order_by(LedgerLeaf.index)))


def sign_head(app):
    result = app.test_cli_runner().invoke(args=["ledger", "sign-head"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def problems() -> list[str]:
    db.session.expire_all()
    return verify.check_log(events.RowCheck()).problems


def test_sign_head_checkpoints_supports_that_changed_first(app, factories):
    consultation = factories.consultation("open")
    quiet = factories.consultation("open")  # no supports: no checkpoint
    factories.proposal(consultation=quiet)
    proposal = factories.proposal(consultation=consultation, support_count=3)
    db.session.commit()

    output = sign_head(app)

    [first] = checkpoints()
    assert first.public_id == str(consultation.id)
    assert json.loads(first.entry)["content"]["proposals"] == [[proposal.id, 3]]
    assert "Support checkpoints logged first: 1." in output
    assert service.latest_head().tree_size == service.tree_size()  # the head includes it
    assert "Support checkpoints" not in sign_head(app)  # nothing changed: none
    assert len(checkpoints()) == 1

    db.session.get(Proposal, proposal.id).support_count = 5
    db.session.commit()
    sign_head(app)
    first, second = checkpoints()
    assert second.public_id == f"{consultation.id}@2"
    assert json.loads(second.entry)["content"]["total"] == 5
    # While the consultation is open, supports keep changing: not a change to report.
    db.session.get(Proposal, proposal.id).support_count = 6
    db.session.commit()
    assert problems() == []


def test_after_closing_the_final_counts_are_checked_against_the_rows(app, factories):
    consultation = factories.consultation("open")
    proposal = factories.proposal(consultation=consultation, support_count=3)
    db.session.commit()
    consultation_id, proposal_id = consultation.id, proposal.id
    sign_head(app)
    consultation = db.session.get(Consultation, consultation_id)
    # It closes just after that checkpoint (and before now).
    consultation.closes_at = checkpoints()[-1].created_at + timedelta(milliseconds=1)
    time.sleep(0.01)
    db.session.get(Proposal, proposal_id).support_count = 4
    db.session.commit()
    assert problems() == []  # the last checkpoint is from before closing

    sign_head(app)  # the final counts
    final = checkpoints()[-1]
    assert json.loads(final.entry)["content"]["total"] == 4
    assert problems() == []
    db.session.execute(
        text("UPDATE proposals SET support_count = 40 WHERE id = :id"), {"id": proposal_id}
    )
    db.session.commit()
    assert problems() == [
        f"support checkpoint {consultation_id} (leaf {final.index}) changed after it was "
        "logged: proposals, total"
    ]
