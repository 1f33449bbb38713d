"""Run axe-core on the page as it is now and fail on any WCAG 2.2 A/AA violation."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def assert_accessible(page, context: str | None = None) -> None:
    results = _axe.run(page, context=context, options=OPTIONS)
    violations = results.response.get("violations", [])
    if violations:
        lines = []
        for v in violations:
            targets = [", ".join(n["target"]) for n in v["nodes"][:5]]
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
        raise AssertionError(f"axe-core found violations on {page.url}:\n" + "\n".join(lines))
