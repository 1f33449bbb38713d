from __future__ import annotations

from engage.demographics import representation
from engage.demographics.questions import asked


def figures_for_outcome(consultation, **_kwargs) -> dict:
    """Who took part by the optional questions, for the outcome report; one query when
    none are asked."""
    questions = asked()
    if not questions:
        return {}
    found = representation.table(consultation, questions)
    return {"representation": representation.frozen(found)}
