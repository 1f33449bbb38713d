"""Optimistic concurrency: an edit is saved only over the version its editor loaded.

Two people editing the same text must not silently overwrite each other. A model edited
through forms mixes in ``Versioned``: ``lock_version`` goes up by one with every saved
edit, with who saved it and when. Its edit form carries the version the person loaded
(``VersionField``, a hidden field named ``lock_version``), and the service calls
``claim(obj, loaded, actor, theirs)`` before it writes anything:

- the row is still at ``loaded``: one conditional UPDATE moves it to the next version
  (atomic, so of two saves at the same moment only one gets through);
- someone else saved first: nothing is written and ``EditConflict`` is raised with the
  other person's current values. The route shows the form again with the person's own
  text in it and theirs beside it (``show_conflict``, templates/_partials/conflict.html),
  and the choice: save mine over theirs (the form now carries the new version) or start
  again from theirs.

A form sent without a version (an old page, a script) is not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import request
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, update
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value
from wtforms import IntegerField
from wtforms.widgets import HiddenInput

from engage.database import UTCDateTime, utcnow
from engage.extensions import db

CONFLICT_MESSAGE = _l(
    "Someone else saved a change to this while you were editing. Your text is kept here; "
    "theirs is shown beside it. Choose which to keep."
)


class Versioned:
    """Columns for optimistic concurrency: the edit version, and who saved it and when."""

    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def edited_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def edited_by(cls):
        return relationship("User", foreign_keys=f"{cls.__name__}.edited_by_id", viewonly=True)


class EditConflict(Exception):
    """Someone else saved first. ``mine``: what this person sent, by field; ``theirs``:
    the saved value of each field that differs from it; ``version``: the version that
    is now current; ``by`` and ``at``: who saved it and when, if known."""

    def __init__(
        self,
        mine: Mapping[str, Any],
        theirs: Mapping[str, Any],
        version: int,
        by: Any = None,
        at: datetime | None = None,
    ):
        super().__init__(f"changed since it was loaded; now at version {version}")
        self.mine = dict(mine)
        self.theirs = dict(theirs)
        self.version = version
        self.by = by
        self.at = at


def differences(obj: Any, mine: Mapping[str, Any]) -> dict[str, Any]:
    """The object's current value of each field whose value in ``mine`` differs."""
    return {name: getattr(obj, name) for name, value in mine.items() if getattr(obj, name) != value}


def claim(obj: Any, loaded: int | None, actor: Any, mine: Mapping[str, Any]) -> None:
    """Move ``obj`` to its next version if it is still at ``loaded``, else raise
    ``EditConflict`` having written nothing. ``mine`` is what the person sent, by field
    name, to say which of their fields now differ from the saved ones.

    ``loaded`` None (a form without the hidden field) takes the current version.
    """
    model = type(obj)
    if loaded is None:
        loaded = obj.lock_version
    now = utcnow()
    result = db.session.execute(
        update(model)
        .where(model.id == obj.id, model.lock_version == loaded)
        .values(lock_version=loaded + 1, edited_by_id=actor.id, edited_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(obj)
        theirs = differences(obj, mine)
        if theirs:
            raise EditConflict(mine, theirs, obj.lock_version, obj.edited_by, obj.edited_at)
        return  # they saved just what this person sent: nothing is lost

    set_committed_value(obj, "lock_version", loaded + 1)
    set_committed_value(obj, "edited_by_id", actor.id)
    set_committed_value(obj, "edited_at", now)
    db.session.expire(obj, ["edited_by"])


class VersionField(IntegerField):
    """The version the person loaded, hidden; filled from the object (``obj=``) on GET.

    A number, not text: anything else sent in its place means "not checked" (None),
    never an error about a field the person cannot see.
    """

    widget = HiddenInput()

    def process_formdata(self, valuelist):
        self.data = _version_or_none(valuelist[0]) if valuelist else None


def _version_or_none(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**31 else None


def loaded_version(form: Any) -> int | None:
    return form.lock_version.data


def _field(form: Any, name: str) -> Any:
    """The form's field for a model attribute: ``title``, or ``topic`` for ``topic_id``."""
    return getattr(form, name, None) or getattr(form, name.removesuffix("_id"), None)


def edit_page(conflict: EditConflict | None) -> dict[str, Any]:
    """What an edit page passes to ``render``: 200 to show the form, 409 after a conflict,
    422 after other errors (then the title says "Error:")."""
    status = 200 if request.method == "GET" else 409 if conflict else 422
    return {"conflict": conflict, "status": status, "form_has_errors": status != 200}


def show_conflict(form: Any, conflict: EditConflict) -> None:
    """Prepare the form to come back: each differing field says so (the error summary
    links to it), and the form now carries the current version, so sending it again
    saves this person's text over the other one, as its button says."""
    for name in conflict.theirs:
        field = _field(form, name)
        if field is not None:
            field.errors = [*field.errors, CONFLICT_MESSAGE]
    form.lock_version.data = conflict.version
    form.lock_version.raw_data = [str(conflict.version)]


@dataclass
class ConflictRow:
    """One differing field, as the conflict panel shows it."""

    field_id: str
    label: str
    mine: str
    theirs: str
    is_text: bool  # compared word by word


def conflict_rows(conflict: EditConflict, form: Any) -> list[ConflictRow]:
    rows = []
    for name, theirs in conflict.theirs.items():
        field = _field(form, name)
        mine = conflict.mine.get(name)
        rows.append(
            ConflictRow(
                field_id=field.id if field is not None else "",
                label=str(field.label.text) if field is not None else name,
                mine=_shown(field, mine),
                theirs=_shown(field, theirs),
                is_text=isinstance(theirs, str) and isinstance(mine, str),
            )
        )
    return rows


def _shown(field: Any, value: Any) -> str:
    """A value as a person reads it: a choice by its label, a time in their timezone."""
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return format_datetime(value, "medium")
    for choice in getattr(field, "choices", None) or ():
        if isinstance(choice, tuple | list) and choice[0] == value:
            return str(choice[1])
    return str(value)
