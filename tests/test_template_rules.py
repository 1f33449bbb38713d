"""The rule names templates use with can() and why_not() (engage.templating)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engage import templating

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _names(function: str) -> set[str]:
    pattern = re.compile(rf"""\b{function}\(\s*["'](\w+)["']""")
    return {
        name
        for path in TEMPLATES.rglob("*.html")
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }


def test_every_rule_a_template_names_exists():
    used = _names("can")
    assert "comment" in used  # the scan finds them
    assert used <= set(templating.PREDICATES)
    reasons = _names("why_not")
    assert "support" in reasons
    assert reasons <= set(templating.REFUSALS)


def test_two_features_cannot_give_a_rule_the_same_name():
    def one(user):
        return True

    def other(user):
        return False

    with pytest.raises(ValueError, match="'support'"):
        templating.merge_rules({"support": one}, {"support": other})
