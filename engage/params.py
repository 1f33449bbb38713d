"""What a request carries, made safe once for every route: whole numbers in range, no NUL.

Ids, page cursors and counts are integers the database can hold. PostgreSQL's
``integer`` stops at 2**31 - 1 and SQLite refuses anything past 2**63 - 1, each with an
error, so a number outside 0..MAX_INT names nothing here: in a path it matches no route
(404), in a query argument it is ignored like any other word that isn't a number.

NUL means nothing in text and PostgreSQL refuses it, so it is taken out of every query
argument and form field as the request is parsed: a comment typed with one keeps every
other character. A path with a NUL matches no route.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Request, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter, UnicodeConverter

MAX_INT = 2**31 - 1  # PostgreSQL's integer, the smaller of the two engines' limits
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,10}")


def bounded_int(raw: Any, low: int = 0, high: int = MAX_INT) -> int | None:
    """``raw`` as an int if it is a whole number from low to high, else None."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    elif isinstance(raw, str) and _WHOLE_NUMBER.fullmatch(raw.strip()):
        number = int(raw)
    else:
        return None
    return number if low <= number <= high else None


def arg_int(name: str, default: int | None = None, low: int = 0, high: int = MAX_INT):
    """A number from the query string; anything else (missing, a word, out of range) is
    the default, so an odd link shows the first page rather than an error."""
    number = bounded_int(request.args.get(name), low, high)
    return default if number is None else number


def record_id(value: Any) -> int:
    """``coerce`` for a form field of ids: refused as an invalid choice unless in range."""
    number = bounded_int(value)
    if number is None:
        raise ValueError("not an id")
    return number


def without_nul(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) else value


class NulFreeMultiDict(ImmutableMultiDict):
    """Query arguments and form fields with every NUL taken out of names and values."""

    def __init__(self, mapping: Any = None) -> None:
        pairs = MultiDict(mapping).items(multi=True)
        super().__init__([(without_nul(k), without_nul(v)) for k, v in pairs])


class EngageRequest(Request):
    parameter_storage_class = NulFreeMultiDict


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: ASCII digits from 0 to MAX_INT, or no match (404)."""

    regex = r"[0-9]+"

    def __init__(self, map, *args, **options) -> None:
        options.setdefault("min", 0)
        options.setdefault("max", MAX_INT)
        super().__init__(map, *args, **options)


class SegmentConverter(UnicodeConverter):
    """``<name>`` and ``<string:…>``: one path segment, never with a NUL in it."""

    def __init__(self, map, minlength=1, maxlength=None, length=None) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00]", 1)


def init_app(app: Flask) -> None:
    """Before any blueprint is registered: rules pick their converters as they are added."""
    app.request_class = EngageRequest
    app.url_map.converters.update(default=SegmentConverter, string=SegmentConverter)
    app.url_map.converters["int"] = IdConverter
