"""SECURITY.md's table of controls points only at tests that exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECURITY_MD = ROOT / "SECURITY.md"
# `tests/x.py` or `tests/x.py::test_name`, as the table writes them.
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")
# Other files the document names in backticks: scripts, modules, folders.
FILE_REFERENCE = re.compile(r"`((?:\.ci|engage|tests)/[\w./-]*)`")


def references() -> list[tuple[str, str | None]]:
    return TEST_REFERENCE.findall(SECURITY_MD.read_text())


def test_the_table_names_tests():
    # If the pattern stopped matching, the checks below would pass on nothing.
    assert len(references()) >= 40
    assert len({path for path, _ in references()}) >= 15


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    }


@pytest.mark.parametrize(("path", "name"), sorted(set(references())))
def test_every_named_test_exists(path, name):
    file = ROOT / path
    assert file.is_file(), f"SECURITY.md names {path}, which does not exist"
    if name:
        assert name in _test_functions(file), f"SECURITY.md names {path}::{name}, not found"


def test_every_named_file_exists():
    for path in FILE_REFERENCE.findall(SECURITY_MD.read_text()):
        assert (ROOT / path).exists(), f"SECURITY.md names {path}, which does not exist"


def test_a_missing_test_would_be_noticed(tmp_path):
    """The check itself: a made-up name is not found in a real file."""
    assert "test_this_name_does_not_exist" not in _test_functions(ROOT / "tests/test_security.py")
    assert "test_post_without_csrf_token_gets_the_helpful_400_page" in _test_functions(
        ROOT / "tests/test_security.py"
    )
