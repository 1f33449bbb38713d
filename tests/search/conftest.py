"""Search tests: an empty index per test, and content that is indexed as the services do."""

from __future__ import annotations

import pytest

from engage.comments.models import Comment
from engage.extensions import db
from engage.search import service as search
from engage.search.documents import consultation_body
from engage.search.engines import current_engine


def clear_index() -> None:
    """The index is outside the ORM metadata, so the shared cleanup does not empty it."""
    db.session.rollback()
    current_engine().clear()
    db.session.commit()


@pytest.fixture(autouse=True)
def empty_index(_clean_state):
    clear_index()
    yield
    clear_index()


class Indexed:
    """Factories for searchable content, indexed the way the feature services index it."""

    def __init__(self, factories):
        self.factories = factories

    def consultation(
        self,
        title: str = "Rules for police use of facial recognition",
        summary: str = "How the police may use cameras.",
        body: str = "",
        status: str = "open",
        **fields,
    ):
        consultation = self.factories.consultation(
            status=status, title=title, summary=summary, body=body, **fields
        )
        text = consultation_body(
            consultation.summary, consultation.easy_read_summary, consultation.body
        )
        search.index(
            "consultation",
            consultation.id,
            consultation.id,
            consultation.title,
            text,
            public=consultation.is_published,
        )
        db.session.commit()
        return consultation

    def proposal(self, consultation, title: str, body: str = "A proposal.", **fields):
        proposal = self.factories.proposal(consultation, title=title, body=body, **fields)
        search.index("proposal", proposal.id, consultation.id, proposal.title, proposal.body)
        db.session.commit()
        return proposal

    def comment(self, consultation, body: str, target=None, **fields):
        target = target or consultation
        comment = Comment(
            target_type="proposal" if target is not consultation else "consultation",
            target_id=target.id,
            consultation_id=consultation.id,
            author_id=self.factories.user().id,
            body=body,
            **fields,
        )
        db.session.add(comment)
        db.session.flush()
        search.index(
            "comment",
            comment.id,
            consultation.id,
            "",
            comment.body,
            public=comment.status == "published",
        )
        db.session.commit()
        return comment


@pytest.fixture
def indexed(factories) -> Indexed:
    return Indexed(factories)
