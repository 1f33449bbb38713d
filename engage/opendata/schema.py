"""Machine-readable descriptions of the datasets: JSON Schema (2020-12) for one row and
for a whole JSON download. The files in ``schemas/`` are these, written out; a test
keeps them in step with the code."""

from __future__ import annotations

import json
from pathlib import Path

from engage.opendata import SCHEMA_VERSION
from engage.opendata.fields import BOOLEAN, DATE, DATETIME, INTEGER, Dataset, Field
from engage.opendata.registry import all_datasets

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://engage.example/open-data/schemas/"


def field_schema(field: Field) -> dict:
    base: dict = {
        INTEGER: {"type": "integer"},
        BOOLEAN: {"type": "boolean"},
        DATETIME: {"type": "string", "format": "date-time"},
        DATE: {"type": "string", "format": "date"},
    }.get(field.type, {"type": "string"})
    schema = dict(base)
    if field.enum:
        schema["enum"] = list(field.enum)
    if field.nullable:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    schema["description"] = field.description
    return schema


def row_schema(dataset: Dataset) -> dict:
    return {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in dataset.fields},
        "required": dataset.field_names,
        "additionalProperties": False,
    }


def document_schema(dataset: Dataset) -> dict:
    """A JSON download: what it is, which version, and its rows."""
    return {
        "$schema": DIALECT,
        "$id": f"{ID_BASE}{dataset.name}.schema.json",
        "title": f"Engage open data: {dataset.name}",
        "description": dataset.description,
        "type": "object",
        "properties": {
            "dataset": {"const": dataset.name},
            "schema_version": {"const": SCHEMA_VERSION},
            "generated_at": {"type": "string", "format": "date-time"},
            "consultation_id": {"type": ["integer", "null"]},
            "rows": {"type": "array", "items": {"$ref": "#/$defs/row"}},
        },
        "required": ["dataset", "schema_version", "generated_at", "consultation_id", "rows"],
        "additionalProperties": False,
        "$defs": {"row": row_schema(dataset)},
    }


def schema_text(dataset: Dataset) -> str:
    return json.dumps(document_schema(dataset), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for dataset in all_datasets():
        path = folder / f"{dataset.name}.schema.json"
        path.write_text(schema_text(dataset), encoding="utf-8")
        written.append(path)
    return written


# SCHEMA.md: a written introduction, then one table per dataset generated from the code.
DOC_PATH = Path(__file__).resolve().parent / "SCHEMA.md"
GENERATED_MARK = "<!-- Everything below is generated from engage/opendata: see schema.py -->"
TYPE_NAMES = {INTEGER: "integer", BOOLEAN: "true/false", DATETIME: "date-time (UTC)", DATE: "date"}


def dataset_tables() -> str:
    parts = [GENERATED_MARK, ""]
    for dataset in all_datasets():
        scope = "site-wide and per consultation" if dataset.per_consultation else "site-wide"
        parts += [
            f"### `{dataset.name}`",
            "",
            f"{dataset.description} Key: `{dataset.key}`; {scope}. "
            f"Schema: `schemas/{dataset.name}.schema.json`.",
            "",
            "| field | type | null? | meaning |",
            "| --- | --- | --- | --- |",
        ]
        for f in dataset.fields:
            kind = TYPE_NAMES.get(f.type, "text")
            if f.enum:
                kind += ": " + ", ".join(f"`{v}`" for v in f.enum)
            null = "yes" if f.nullable else ""
            parts.append(f"| `{f.name}` | {kind} | {null} | {f.description} |")
        parts.append("")
    return "\n".join(parts)


def write_doc(path: Path = DOC_PATH) -> None:
    text = path.read_text(encoding="utf-8")
    head = text.split(GENERATED_MARK)[0]
    path.write_text(head + dataset_tables(), encoding="utf-8")


if __name__ == "__main__":  # python -m engage.opendata.schema: after changing a dataset
    from engage import create_app

    with create_app().app_context():
        write_schemas()
        write_doc()
