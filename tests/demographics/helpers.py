from __future__ import annotations

from engage.demographics import service
from engage.demographics.questions import BY_KEY
from engage.extensions import db


def turn_on(*keys: str, options: dict[str, str] | None = None) -> None:
    """Ask these questions (as an admin would, without the audit's actor)."""
    for key in keys:
        default = "\n".join(BY_KEY[key].default_options)
        service.configure(None, key, True, (options or {}).get(key, default))
    db.session.commit()


def answer(user, **answers: str) -> None:
    service.save_answers(user, answers)
    db.session.commit()
