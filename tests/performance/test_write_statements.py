"""Pinned SQL statements for the three commonest writes (issue 23): a support, a vote on a
comment and a comment, each as a browser sends it. If a change makes one cost more, this
fails: look for something read back that the response does not need."""

from __future__ import annotations

import pytest

from engage.extensions import db
from tests.comments.helpers import token
from tests.factories import login
from tests.queries import count_queries

# Before issue 23: 13, 14 and 24 on SQLite (25 for a comment on PostgreSQL). Two went on
# loading the writer again after the commit (the staff counts asked about their roles),
# one on loading their roles apart from their account. A comment costs one more on
# PostgreSQL (the record's append lock); tests append it in the request, a worker does
# in production.
PINNED = {"support": 10, "vote": 11, "comment": 22}


def _send(client, path: str, data: dict) -> list[str]:
    csrf = token(client)
    db.session.remove()  # the request loads what it needs, as in production
    with count_queries() as statements:
        response = client.post(path, data={"csrf_token": csrf, **data})
    assert response.status_code in (200, 303), response.status_code
    return statements


@pytest.fixture
def world(factories):
    official = factories.user("official")
    consultation = factories.consultation("open", official=official)
    proposal = factories.proposal(consultation)
    comment = factories.comment(consultation, body="Cameras need clear rules.")
    resident = factories.user()
    return consultation.id, proposal.id, comment.id, resident


def test_each_write_sends_no_more_statements_than_pinned(client, world):
    consultation_id, proposal_id, comment_id, resident = world
    login(client, resident)
    sent = {
        "support": _send(client, f"/proposals/{proposal_id}/support", {}),
        "vote": _send(client, f"/comments/{comment_id}/vote", {"value": "up"}),
        "comment": _send(
            client,
            "/comments",
            {
                "target_type": "consultation",
                "target_id": consultation_id,
                "body": "A second thought on the cameras.",
            },
        ),
    }
    for kind, statements in sent.items():
        assert len(statements) <= PINNED[kind], (kind, len(statements), statements)
        # Nothing about the writer is read after the write itself.
        last_write = max(
            n
            for n, s in enumerate(statements)
            if s.lstrip().upper().startswith(("INSERT", "UPDATE"))
        )
        late = [s for s in statements[last_write:] if "FROM users" in s or "FROM user_roles" in s]
        assert not late, (kind, late)
