"""Every template's interface text reaches the translation catalogues: pybabel extracts
with babel.cfg, whose Jinja options must know the extensions the app uses ({% do %}), or
Jinja's extractor skips the whole template without a word."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.frontend import parse_mapping_cfg

ROOT = Path(__file__).resolve().parents[2]
GETTEXT = re.compile(r"""\b_\(\s*["']""")


def _options_for(relative: str) -> dict:
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        methods, options = parse_mapping_cfg(config)
    for pattern, method in methods:
        if method == "jinja2" and fnmatch.fnmatch(relative, pattern.replace("**", "*")):
            return options.get(pattern, {})
    raise AssertionError(f"babel.cfg maps no Jinja pattern to {relative}")


def test_every_template_with_text_yields_its_messages():
    missed = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        if not GETTEXT.search(source):
            continue
        relative = str(path.relative_to(ROOT))
        found = list(
            extract_from_file(
                "jinja2",
                str(path),
                keywords={"_": None, "ngettext": (1, 2)},
                options=_options_for(relative),
            )
        )
        if not found:
            missed.append(relative)
    assert not missed, "pybabel extracts nothing from: " + ", ".join(missed)


def test_the_session_expired_notice_is_translated(app):
    """In templates/_partials/forms.html, which uses {% do %}."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("es"):
        assert gettext("Your session expired") == "Tu sesión ha caducado"
