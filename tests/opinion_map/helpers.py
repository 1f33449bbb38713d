"""Shared steps for opinion map tests: a map with statements, votes posted as a browser would."""

from __future__ import annotations

from engage.extensions import db
from engage.opinion_map import service
from engage.opinion_map.models import OpinionMap
from tests.factories import csrf_token_from, token_for

HTMX = {"HX-Request": "true"}


def opinion_map(factories, consultation=None, statements=(), premoderation=True, **kwargs):
    """An opinion map on ``consultation`` (an open one by default), seeded by an official."""
    consultation = consultation or factories.consultation("open", **kwargs)
    official = factories.user("official")
    the_map = service.set_up(consultation, official, enabled=True, premoderation=premoderation)
    service.seed(the_map, official, list(statements))
    db.session.commit()
    return consultation, the_map


def fresh(the_map: OpinionMap) -> OpinionMap:
    db.session.expire_all()
    return db.session.get(OpinionMap, the_map.id)


def token(client, url: str = "/") -> str:
    """The page's token; a page with none (a reader's page, when not signed in) sends for
    one as token_for does."""
    page = client.get(url).get_data(as_text=True)
    try:
        return csrf_token_from(page)
    except AssertionError:
        return token_for(client)


def vote(client, consultation, statement_id, value="agree", htmx=False, **extra):
    return client.post(
        f"/consultations/{consultation.slug}/opinion-map/vote",
        data={
            "csrf_token": token(client),
            "statement_id": statement_id,
            "value": value,
            **extra,
        },
        headers=HTMX if htmx else {},
    )


def submit(client, consultation, text):
    url = f"/consultations/{consultation.slug}/opinion-map/statements/new"
    return client.post(url, data={"csrf_token": token(client, url), "text": text})
