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


def _as_web_worker(script: str, tmp_path) -> str:
    """What ``script`` prints, run by a new interpreter as a production web worker starts."""
    env = dict(
        os.environ,
        ENGAGE_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(32),
        DATABASE_URL=f"sqlite:///{tmp_path / 'memory.db'}",
        BASE_URL="http://localhost",
    )
    env.pop("REDIS_URL", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_production_worker_starts_without_the_analysis_libraries_or_word_lists(tmp_path):
    assert _as_web_worker(CHECK, tmp_path).strip() == ""


COLLECTS = """
import gc
from wsgi import YOUNG, app
client = app.test_client()
junk = [[] for _ in range(YOUNG * 2)]
for item in junk:
    item.append(item)  # cycles: only a collection frees them
del junk
before = gc.get_count()[0]
response = client.get("/no-such-page")
during = gc.get_count()[0]
response.close()  # what a server does once it has sent the response
print(before >= 2 * YOUNG, during >= 2 * YOUNG, gc.get_count()[0] < YOUNG, gc.isenabled())
"""


def test_a_web_worker_collects_garbage_after_a_response_not_in_the_middle_of_one(tmp_path):
    # Young objects piled up with no collection until the response was closed, then went;
    # automatic collection stays on as a backstop.
    assert _as_web_worker(COLLECTS, tmp_path).split() == ["True", "True", "True", "True"]
