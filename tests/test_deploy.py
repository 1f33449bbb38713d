"""deploy/: the systemd timers and deploy/engage-task name commands the app really has,
so a renamed command can't leave a production timer calling nothing (issue 20)."""

from __future__ import annotations

import re
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def _task_commands() -> dict[str, list[str]]:
    script = (DEPLOY / "engage-task").read_text(encoding="utf-8")
    case = re.compile(r"^\s+([a-z-]+)\) flask ([a-z -]+?)(?: \"|\s*;;)", re.M)
    return {name: command.split() for name, command in case.findall(script)}


def test_every_task_is_a_command_of_the_app(app):
    tasks = _task_commands()
    assert {"notify-due", "send-digests", "purge", "ledger-sign-head", "backup"} <= set(tasks)
    runner = app.test_cli_runner()
    for name, words in tasks.items():
        result = runner.invoke(args=[*words, "--help"])
        assert result.exit_code == 0, f"{name}: flask {' '.join(words)}: {result.output}"


def test_every_timer_starts_a_task_the_script_knows():
    tasks = _task_commands()
    timers = sorted((DEPLOY / "systemd").glob("engage-task@*.timer"))
    assert timers
    for timer in timers:
        name = timer.name.removeprefix("engage-task@").removesuffix(".timer")
        assert name in tasks, timer.name
        assert f"Unit=engage-task@{name}.service" in timer.read_text(encoding="utf-8")
