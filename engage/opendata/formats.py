"""CSV and JSON, written as a stream of small pieces so a large dataset never sits in
memory: rows are read in keyset batches and written as they come."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from engage import csv_safe
from engage.database import utcnow
from engage.opendata import SCHEMA_VERSION
from engage.opendata.fields import Dataset, timestamp

BATCH = 500
FORMATS = ("csv", "json")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def rows(dataset: Dataset, consultation_id: int | None = None) -> Iterator[dict]:
    after = 0
    while True:
        batch = dataset.fetch(consultation_id, after, BATCH)
        yield from batch
        if len(batch) < BATCH:
            return
        after = batch[-1][dataset.key]


def csv_cell(value):
    """Machine-readable values; the writer defuses formulas (engage.csv_safe)."""
    if value is True or value is False:
        return "true" if value else "false"
    return value


def csv_chunks(dataset: Dataset, consultation_id: int | None = None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv_safe.writer(buffer, lineterminator="\r\n")
    writer.writerow(dataset.field_names)
    for n, row in enumerate(rows(dataset, consultation_id), start=1):
        writer.writerow([csv_cell(row[name]) for name in dataset.field_names])
        if n % 100 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(dataset: Dataset, consultation_id: int | None = None) -> Iterator[str]:
    head = {
        "dataset": dataset.name,
        "schema_version": SCHEMA_VERSION,
        "generated_at": timestamp(utcnow()),
        "consultation_id": consultation_id,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": ['
    for n, row in enumerate(rows(dataset, consultation_id)):
        yield ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]}\n"


def chunks(dataset: Dataset, fmt: str, consultation_id: int | None = None) -> Iterator[str]:
    return (csv_chunks if fmt == "csv" else json_chunks)(dataset, consultation_id)
