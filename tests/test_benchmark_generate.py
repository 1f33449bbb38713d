"""The benchmark generator writes to the database it is given, even when config.py was
imported first with another DATABASE_URL, as benchmarks/run.py does (issue 23)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.e2e.helpers import presentation_only

ROOT = Path(__file__).resolve().parent.parent

# What run.py does: config is imported (DATABASE_URL then names another database), and
# only then does the generator get the URL from the command line.
SCRIPT = """
import sys
import config  # noqa: F401  (imported first, as benchmarks/run.py does)
from benchmarks import generate
sys.exit(generate.main(["--database-url", sys.argv[1], "--reset", "--scale", "0.01"]))
"""


def _people(path: Path) -> int | None:
    if not path.exists():
        return None
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "users" not in tables:
            return 0
        return conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]


# The generator only ever runs on SQLite here (its own files), so once is enough.
@presentation_only
def test_generate_uses_the_database_url_given_not_the_one_config_read(tmp_path):
    given = tmp_path / "given.db"
    other = tmp_path / "other.db"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ENGAGE_ENV": "development",
        "DATABASE_URL": f"sqlite:///{other}",
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT, f"sqlite:///{given}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert _people(given) and _people(given) > 0
    assert not _people(other)
