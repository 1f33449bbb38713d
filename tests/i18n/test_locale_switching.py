"""Templates find their translations once per request, and still switch language when an
email is written in its recipient's language in the middle of a request."""

from __future__ import annotations

import ast
from pathlib import Path

from flask import render_template_string

from engage.i18n import force_locale

ENGAGE = Path(__file__).resolve().parents[2] / "engage"
TEMPLATE = '{{ _("Supports") }} / {{ ngettext("%(num)d support", "%(num)d supports", 1200) }}'


def test_a_forced_language_applies_inside_and_ends_after(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string(TEMPLATE) == "Supports / 1,200 supports"
        with force_locale("es"):
            assert render_template_string(TEMPLATE) == "Apoyos / 1.200 apoyos"
            with force_locale("en"):
                assert render_template_string(TEMPLATE) == "Supports / 1,200 supports"
            assert render_template_string(TEMPLATE) == "Apoyos / 1.200 apoyos"
        assert render_template_string(TEMPLATE) == "Supports / 1,200 supports"


def test_a_forced_language_before_any_page_text_is_not_kept_after(app):
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        with force_locale("en"):
            assert render_template_string(TEMPLATE) == "Supports / 1,200 supports"
        assert render_template_string(TEMPLATE) == "Apoyos / 1.200 apoyos"


def _imports_from_flask_babel(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "flask_babel"
        for alias in node.names
    }


def test_the_language_is_switched_only_through_engage_i18n():
    """engage.i18n.force_locale also switches the templates' translations; Flask-Babel's
    own would leave them in the request's language. Nobody reads Flask-Babel's private
    request state."""
    switching = {"force_locale", "refresh"}
    offenders = [
        str(path.relative_to(ENGAGE.parent))
        for path in ENGAGE.rglob("*.py")
        if path.name != "i18n.py" and _imports_from_flask_babel(path) & switching
    ]
    assert offenders == []
    private = [
        str(path.relative_to(ENGAGE.parent))
        for path in ENGAGE.rglob("*.py")
        if "_flask_babel" in path.read_text(encoding="utf-8")
    ]
    assert private == []
