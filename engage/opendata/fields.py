"""How a dataset is described: its fields, their types, and how values are written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

INTEGER, STRING, BOOLEAN, DATETIME, DATE = "integer", "string", "boolean", "datetime", "date"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    nullable: bool = False
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Dataset:
    """One table of the public record.

    ``fetch(consultation_id, after, limit)`` returns up to ``limit`` rows (dicts) whose
    ``key`` is greater than ``after``, in ``key`` order: the same keyset pages serve the
    downloads (in batches), the export command and the API.
    """

    name: str
    title: Any  # lazy-translated, shown on the download page
    summary: Any
    fields: tuple[Field, ...]
    fetch: Callable[[int | None, int, int], list[dict]]
    key: str = "id"
    # False for reference tables that don't belong to one consultation (topics).
    per_consultation: bool = True
    # True when the API offers /api/v1/<name>/<key> for a single row.
    has_items: bool = True

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def description(self) -> str:
        """The summary in English, whatever the reader's language (for schema files)."""
        args = getattr(self.summary, "_args", None)
        return args[0] if args else str(self.summary)


def timestamp(value: datetime | None) -> str | None:
    """RFC 3339 in UTC, to the second: '2026-11-27T23:41:22Z'."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
