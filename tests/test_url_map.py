"""Every URL, endpoint and method stays as it was when the route modules were reorganised.

tests/data/url_map.txt was generated from the app before the move (issue 21). When you add,
rename or remove a route on purpose, regenerate it with
``python -m tests.test_url_map > tests/data/url_map.txt`` and review the difference.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

SNAPSHOT = Path(__file__).parent / "data" / "url_map.txt"


def url_map_lines(app: Flask) -> list[str]:
    """One line per rule, 'rule endpoint METHODS', then the blueprints and CLI commands."""
    rules = [
        f"rule {rule.rule} {rule.endpoint} {','.join(sorted(rule.methods or ()))}"
        for rule in app.url_map.iter_rules()
    ]
    blueprints = [f"blueprint {name}" for name in app.blueprints]
    commands = [f"command {name}" for name in app.cli.list_commands(None)]
    return sorted(rules) + sorted(blueprints) + sorted(commands)


def test_url_map_is_unchanged(app):
    expected = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert len(expected) > 100
    assert url_map_lines(app) == expected


if __name__ == "__main__":
    from config import TestingConfig
    from engage import create_app

    print("\n".join(url_map_lines(create_app(TestingConfig))))
