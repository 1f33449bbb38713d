"""The OpenAPI 3.1 document, built from the same dataset definitions as the downloads,
so the description can't drift from what the API returns."""

from __future__ import annotations

from flask import current_app

from engage.api import API_VERSION
from engage.opendata import SCHEMA_VERSION, registry
from engage.opendata.fields import Dataset
from engage.opendata.schema import row_schema
from engage.params import MAX_INT

MAX_ID = MAX_INT
JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": schema}}}


ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "404": {"$ref": "#/components/responses/NotFound"},
    "429": {"$ref": "#/components/responses/TooManyRequests"},
}


def _list_operation(dataset: Dataset) -> dict:
    parameters = [
        {
            "name": "cursor",
            "in": "query",
            "required": False,
            "description": "Where the previous page ended: copy it from that page's next link.",
            "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
        },
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "description": "Rows per page (default 50).",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
        },
    ]
    if dataset.per_consultation:
        parameters.append(
            {
                "name": "consultation",
                "in": "query",
                "required": False,
                "description": "Only rows of this consultation.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            }
        )
    page = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": _ref(f"{dataset.name}_row")},
            "next": {"type": ["string", "null"], "description": "The next page, or null."},
            "schema_version": {"const": SCHEMA_VERSION},
        },
        "required": ["data", "next", "schema_version"],
        "additionalProperties": False,
    }
    return {
        "get": {
            "operationId": f"list_{dataset.name}",
            "summary": dataset.description,
            "tags": [dataset.name],
            "parameters": parameters,
            "responses": {"200": _json(page, f"A page of {dataset.name}, oldest first."), **ERRORS},
        }
    }


def _item_operation(dataset: Dataset) -> dict:
    one = {
        "type": "object",
        "properties": {
            "data": _ref(f"{dataset.name}_row"),
            "schema_version": {"const": SCHEMA_VERSION},
        },
        "required": ["data", "schema_version"],
        "additionalProperties": False,
    }
    return {
        "get": {
            "operationId": f"get_{dataset.name}",
            "summary": f"One row of {dataset.name}.",
            "tags": [dataset.name],
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                }
            ],
            "responses": {"200": _json(one, "The row."), **ERRORS},
        }
    }


def _index_operation() -> dict:
    index = {
        "type": "object",
        "properties": {
            "api_version": {"type": "string"},
            "schema_version": {"type": "string"},
            "openapi": {"type": "string"},
            "datasets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
                    "required": ["name", "url"],
                },
            },
        },
        "required": ["api_version", "schema_version", "openapi", "datasets"],
    }
    return {
        "get": {
            "operationId": "index",
            "summary": "The datasets this API serves.",
            "responses": {"200": _json(index, "The list of datasets."), "429": ERRORS["429"]},
        }
    }


HEX = {"type": "string", "pattern": "^[0-9a-f]*$"}
HEAD = {
    "type": "object",
    "description": "A signed tree head: Ed25519 over RFC 9162's TreeHeadDataV2 "
    "(timestamp, tree_size, root_hash).",
    "properties": {
        "tree_size": {"type": "integer", "minimum": 0},
        "root_hash": HEX,
        "timestamp": {"type": "integer", "description": "Milliseconds since 1970, UTC."},
        "signed_at": {"type": "string"},
        "signature": HEX,
        "key_id": HEX,
    },
    "required": ["tree_size", "root_hash", "timestamp", "signed_at", "signature", "key_id"],
}


def _number_parameter(name: str, description: str, required: bool = True) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    }


def _ledger_operation(operation_id: str, summary: str, parameters: list, body: dict) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": ["ledger"],
            "parameters": parameters,
            "responses": {"200": _json(body, summary), **ERRORS},
        }
    }


def _ledger_paths() -> dict:
    proof = {"type": "array", "items": HEX}
    public_key = {
        "type": ["object", "null"],
        "properties": {"ed25519": HEX, "pem": {"type": "string"}, "key_id": HEX},
        "required": ["ed25519", "pem", "key_id"],
    }
    heads = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": _ref("ledger_head")},
            "next": {"type": ["string", "null"]},
            "latest": {"anyOf": [_ref("ledger_head"), {"type": "null"}]},
            "public_key": public_key,
        },
        "required": ["data", "next", "latest", "public_key"],
    }
    inclusion = {
        "type": "object",
        "properties": {
            "leaf_index": {"type": "integer"},
            "tree_size": {"type": "integer"},
            "leaf_hash": HEX,
            "proof": proof,
        },
        "required": ["leaf_index", "tree_size", "leaf_hash", "proof"],
    }
    consistency = {
        "type": "object",
        "properties": {"from": {"type": "integer"}, "to": {"type": "integer"}, "proof": proof},
        "required": ["from", "to", "proof"],
    }
    return {
        "/api/v1/ledger/heads": _ledger_operation(
            "ledger_heads",
            "Every signed head of the public record, oldest first, the latest, and the key.",
            [
                _number_parameter("cursor", "Where the previous page ended.", required=False),
                {
                    **_number_parameter("limit", "Heads per page (default 50).", required=False),
                    "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                },
            ],
            heads,
        ),
        "/api/v1/ledger/proof/inclusion": _ledger_operation(
            "ledger_inclusion_proof",
            "The RFC 9162 inclusion proof of one entry in a tree of the log.",
            [
                _number_parameter("leaf", "The entry's number, from 0."),
                _number_parameter("size", "The tree's size: a signed head's tree_size."),
            ],
            inclusion,
        ),
        "/api/v1/ledger/proof/consistency": _ledger_operation(
            "ledger_consistency_proof",
            "The RFC 9162 consistency proof that a larger tree only adds to a smaller one.",
            [
                _number_parameter("from", "The earlier tree's size."),
                _number_parameter("to", "The later tree's size."),
            ],
            consistency,
        ),
    }


def document() -> dict:
    datasets = registry.all_datasets()
    paths: dict = {"/api/v1/": _index_operation()}
    for dataset in datasets:
        paths[f"/api/v1/{dataset.name}"] = _list_operation(dataset)
        if dataset.has_items:
            paths[f"/api/v1/{dataset.name}/{{id}}"] = _item_operation(dataset)
    paths.update(_ledger_paths())
    error = {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "status": {"type": "integer"},
                    "title": {"type": "string"},
                    "detail": {"type": "string"},
                },
                "required": ["status", "title", "detail"],
            }
        },
        "required": ["error"],
    }
    site = current_app.config.get("SITE_NAME", "Engage")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{site} open data API",
            "version": f"{API_VERSION} (schema {SCHEMA_VERSION})",
            "description": (
                "Read-only access to everything the public can read on this site. People "
                "appear as pseudonymous ids; supports and votes only as counts. Lists are "
                "keyset-paginated: follow `next` until it is null. Rate-limited per address."
            ),
            "license": {"name": "AGPL-3.0-or-later (software)", "identifier": "AGPL-3.0-or-later"},
        },
        "paths": paths,
        "components": {
            "schemas": {
                "Error": error,
                "ledger_head": HEAD,
                **{f"{d.name}_row": _row(d) for d in datasets},
            },
            "responses": {
                "BadRequest": _json(_ref("Error"), "A parameter is not valid."),
                "NotFound": _json(
                    _ref("Error"),
                    "No such dataset, row or consultation; or no such proof (a leaf or tree size "
                    "outside the log).",
                ),
                "TooManyRequests": _json(_ref("Error"), "Too many requests; wait and retry."),
            },
        },
    }


def _row(dataset: Dataset) -> dict:
    schema = row_schema(dataset)
    schema["description"] = dataset.description
    return schema
