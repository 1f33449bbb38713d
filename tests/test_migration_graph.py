"""The migrations form one line: every revision id is used once, and there is one head
(two branches landing the same number on the same parent broke this once)."""

from __future__ import annotations

import re
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
REVISION = re.compile(r"""^revision = ["']([^"']+)["']""", re.MULTILINE)


def test_every_revision_id_is_used_once():
    ids = [REVISION.search(path.read_text()).group(1) for path in VERSIONS.glob("*.py")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_there_is_one_head_and_file_names_start_with_their_revision():
    config = Config()
    config.set_main_option("script_location", str(VERSIONS.parent))
    script = ScriptDirectory.from_config(config)
    assert len(script.get_heads()) == 1, script.get_heads()
    for path in VERSIONS.glob("*.py"):
        revision = REVISION.search(path.read_text()).group(1)
        assert path.name.startswith(revision + "_"), path.name
