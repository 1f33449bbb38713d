"""The API's few routes: an index, the OpenAPI document, a list and an item per dataset,
and the public record's signed heads and proofs (engage.ledger).

Every list is keyset-paginated: ``cursor`` (from the previous page's ``next`` link) and
``limit``. No route writes anything, so there is nothing for CSRF to protect.
"""

from __future__ import annotations

import re

from flask import abort, current_app, jsonify, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import BadRequest

from engage.api import API_VERSION, bp
from engage.api.errors import allow_any_origin
from engage.api.openapi import MAX_ID, document
from engage.consultations.models import Consultation
from engage.extensions import db, limiter
from engage.ledger import service as ledger
from engage.ledger import signing
from engage.opendata import SCHEMA_VERSION, registry
from engage.opendata.fields import Dataset

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
NUMBER = re.compile(r"[0-9]{1,10}")


def _api_limit() -> str:
    return current_app.config["RATELIMIT_API"]


limiter.limit(_api_limit)(bp)
bp.after_request(allow_any_origin)


def _param(name: str) -> str | None:
    values = request.args.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"Give {name} once.")
    return values[0] if values else None


def _number(name: str, pattern: re.Pattern, low: int, high: int, default: int | None):
    raw = _param(name)
    if raw is None:
        return default
    if not pattern.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def _dataset(name: str) -> Dataset:
    dataset = registry.get(name)
    if dataset is None:
        abort(404)
    return dataset


def _consultation_filter(dataset: Dataset) -> int | None:
    if not dataset.per_consultation:
        return None
    consultation_id = _number("consultation", NUMBER, 1, MAX_ID, None)
    if consultation_id is not None and not _consultation_is_public(consultation_id):
        abort(404, description="No published consultation has that id.")
    return consultation_id


def _consultation_is_public(consultation_id: int) -> bool:
    published_at = select(Consultation.published_at).where(Consultation.id == consultation_id)
    return db.session.scalar(published_at) is not None


@bp.get("/")
def index():
    """What is here, and where the description is."""
    datasets = [
        {"name": d.name, "url": url_for("api.list_rows", name=d.name, _external=True)}
        for d in registry.all_datasets()
    ]
    return jsonify(
        api_version=API_VERSION,
        schema_version=SCHEMA_VERSION,
        openapi=url_for("api.openapi", _external=True),
        datasets=datasets,
    )


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


@bp.get("/<name>")
def list_rows(name: str):
    """One page of a dataset, oldest first."""
    dataset = _dataset(name)
    consultation_id = _consultation_filter(dataset)
    after = _number("cursor", NUMBER, 0, MAX_ID, 0)
    limit = _number("limit", NUMBER, 1, MAX_LIMIT, DEFAULT_LIMIT)
    rows = dataset.fetch(consultation_id, after, limit + 1)
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        args = {"cursor": str(rows[-1][dataset.key]), "limit": limit}
        if consultation_id is not None:
            args["consultation"] = consultation_id
        next_url = url_for("api.list_rows", name=name, _external=True, **args)
    response = jsonify(data=rows, next=next_url, schema_version=SCHEMA_VERSION)
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


@bp.get("/<name>/<int:item_id>")
def get_row(name: str, item_id: int):
    dataset = _dataset(name)
    if not dataset.has_items or not 1 <= item_id <= MAX_ID:
        abort(404)
    rows = dataset.fetch(None, item_id - 1, 1)
    if not rows or rows[0][dataset.key] != item_id:
        abort(404)
    return jsonify(data=rows[0], schema_version=SCHEMA_VERSION)


def _required(name: str) -> int:
    value = _number(name, NUMBER, 0, MAX_ID, None)
    if value is None:
        raise BadRequest(f"Give {name}, a whole number from 0 to {MAX_ID}.")
    return value


def _public_key() -> dict | None:
    try:
        raw = signing.public_key_bytes()
    except signing.SigningKeyError:
        return None  # production without a key: no heads to check either
    return {"ed25519": raw.hex(), "pem": signing.public_key_pem(), "key_id": signing.key_id(raw)}


@bp.get("/ledger/heads")
def ledger_heads():
    """Every signed tree head, oldest first, with the latest and the key that signs them."""
    after = _number("cursor", NUMBER, 0, MAX_ID, 0)
    limit = _number("limit", NUMBER, 1, MAX_LIMIT, DEFAULT_LIMIT)
    heads = ledger.heads(after, limit + 1)
    next_url = None
    if len(heads) > limit:
        heads = heads[:limit]
        next_url = url_for("api.ledger_heads", cursor=heads[-1].id, limit=limit, _external=True)
    latest = ledger.latest_head()
    response = jsonify(
        data=[ledger.head_json(head) for head in heads],
        next=next_url,
        latest=ledger.head_json(latest) if latest else None,
        public_key=_public_key(),
    )
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


@bp.get("/ledger/proof/inclusion")
def ledger_inclusion_proof():
    """The audit path of entry ``leaf`` (from 0) in the tree of the first ``size`` entries."""
    leaf, size = _required("leaf"), _required("size")
    try:
        proof = ledger.inclusion_proof(leaf, size)
    except ValueError as error:
        abort(404, description=f"No such proof: {error}.")
    return jsonify(
        leaf_index=leaf,
        tree_size=size,
        leaf_hash=ledger.leaf_at(leaf).leaf_hash.hex(),
        proof=[step.hex() for step in proof],
    )


@bp.get("/ledger/proof/consistency")
def ledger_consistency_proof():
    """The proof that the tree of ``to`` entries only adds entries to the tree of ``from``."""
    first, second = _required("from"), _required("to")
    try:
        proof = ledger.consistency_proof(first, second)
    except ValueError as error:
        abort(404, description=f"No such proof: {error}.")
    return jsonify({"from": first, "to": second, "proof": [step.hex() for step in proof]})
