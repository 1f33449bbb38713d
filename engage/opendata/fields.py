"""How a dataset is described: its fields, their types, and how values are written."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from operator import attrgetter
from typing import Any

from engage.opendata.pseudonyms import person_id

INTEGER, STRING, BOOLEAN, DATETIME, DATE = "integer", "string", "boolean", "datetime", "date"


@dataclass(frozen=True)
class Field:
    """One column: its description (schemas, documentation) and where its value comes from.

    ``value`` reads it from what the dataset's query loaded (an object or a result row); by
    default the attribute of the same name, dates written as text. ``withheld`` columns are
    null for items the public sees only as a placeholder (see ``Dataset.shown``).
    """

    name: str
    type: str
    description: str
    nullable: bool = False
    enum: tuple[str, ...] | None = None
    value: Callable[[Any], Any] | None = field(default=None, compare=False, repr=False)
    withheld: bool = False

    def reader(self) -> Callable[[Any], Any]:
        if self.value is not None:
            return self.value
        get = attrgetter(self.name)
        if self.type == DATETIME:
            return lambda item: timestamp(get(item))
        if self.type == DATE:
            return lambda item: day(get(item))
        return get


def through(path: str) -> Callable[[Any], Any]:
    """A value read through relationships, None where one of them is missing:
    ``through("author.display_name")``."""
    steps = path.split(".")

    def read(item: Any) -> Any:
        for step in steps:
            if item is None:
                return None
            item = getattr(item, step)
        return item

    return read


def person(name: str, description: str, id_attribute: str | None = None, **options) -> Field:
    """Someone as a pseudonymous id (never their account id), from an id attribute."""
    read = attrgetter(id_attribute or name)
    return Field(name, STRING, description, value=lambda item: person_id(read(item)), **options)


def public_name(name: str, description: str, who: str, **options) -> Field:
    """The public name of the person in the ``who`` relationship, if any."""
    return Field(
        name, STRING, description, nullable=True, value=through(f"{who}.display_name"), **options
    )


def optional_text(name: str, description: str, **options) -> Field:
    """Text that is null, not empty, when nobody wrote any."""
    read = attrgetter(name)
    return Field(
        name, STRING, description, nullable=True, value=lambda item: read(item) or None, **options
    )


@dataclass(frozen=True)
class Dataset:
    """One table of the public record.

    ``source(consultation_id, after, limit)`` loads up to ``limit`` items whose ``key``
    is greater than ``after``, in ``key`` order (engage.opendata.core.keyset_source), and
    ``fetch`` turns them into rows: the same keyset pages serve the downloads (in
    batches), the export command and the API.
    """

    name: str
    title: Any  # lazy-translated, shown on the download page
    summary: Any
    fields: tuple[Field, ...]
    source: Callable[[int | None, int, int], Iterable[Any]]
    key: str = "id"
    # False for reference tables that don't belong to one consultation (topics).
    per_consultation: bool = True
    # True when the API offers /api/v1/<name>/<key> for a single row.
    has_items: bool = True
    # Whether the public sees an item in full; when not, its withheld fields are null.
    shown: Callable[[Any], bool] | None = field(default=None, compare=False, repr=False)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def fetch(self, consultation_id: int | None, after: int, limit: int) -> list[dict]:
        """Up to ``limit`` rows (dicts) after ``after``, of one consultation or all."""
        return self.rows(self.source(consultation_id, after, limit))

    def rows(self, items: Iterable[Any]) -> list[dict]:
        """The dataset's rows for what its query loaded, in the fields' order."""
        readers, withheld, shown = self._readers, self._withheld, self.shown
        rows = []
        for item in items:
            row = {name: read(item) for name, read in readers}
            if shown is not None and not shown(item):
                row.update(withheld)
            rows.append(row)
        return rows

    @cached_property
    def _readers(self) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
        return tuple((f.name, f.reader()) for f in self.fields)

    @cached_property
    def _withheld(self) -> dict[str, None]:
        return {f.name: None for f in self.fields if f.withheld}

    @property
    def description(self) -> str:
        """The summary in English, whatever the reader's language (for schema files)."""
        args = getattr(self.summary, "_args", None)
        return args[0] if args else str(self.summary)


class Joined:
    """A result row of an object with columns selected beside it (``select(Model,
    Other.column.label("name"))``), read as one item: the columns as if they were the
    object's own attributes, so fields read both the same way."""

    __slots__ = ("_item", "_columns")

    def __init__(self, row: Any) -> None:
        self._item, self._columns = row[0], row._mapping

    def __getattr__(self, name: str) -> Any:
        if name in self._columns:
            return self._columns[name]
        return getattr(self._item, name)


def timestamp(value: datetime | None) -> str | None:
    """RFC 3339 in UTC, to the second: '2026-11-27T23:41:22Z'."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
