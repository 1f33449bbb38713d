"""A web worker loads only what serving pages needs (issue 23: worker memory): the
opinion map's analysis libraries belong to its job, and the key check's word lists are
let go after start-up."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import sys
from wsgi import app
heavy = sorted(
    {m.split(".")[0] for m in sys.modules}
    & {"sklearn", "scipy", "zxcvbn", "numpy", "alembic", "mako", "flask_migrate"}
)
print(",".join(heavy))
"""


def test_a_production_worker_starts_without_the_analysis_libraries_or_word_lists(tmp_path):
    env = dict(
        os.environ,
        ENGAGE_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(32),
        DATABASE_URL=f"sqlite:///{tmp_path / 'memory.db'}",
        BASE_URL="http://localhost",
    )
    env.pop("REDIS_URL", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == ""
