from __future__ import annotations

from tests.inclusion.test_html_validity import NU_KEY
from tests.inclusion.test_page_weight import BUDGET, WEIGHTS_KEY


def pytest_terminal_summary(terminalreporter, config):
    """Show the measured first-load weights in every run, passing or not, and what the
    HTML check covered and how long it took."""
    nu = config.stash.get(NU_KEY, None)
    if nu:
        terminalreporter.section("Nu Html Checker")
        terminalreporter.write_line(nu)
    weights = config.stash.get(WEIGHTS_KEY, None)
    if not weights:
        return
    terminalreporter.section(f"first-load weight, compressed (budget {BUDGET:,} bytes)")
    for (name, encoding), (url, sizes, total) in sorted(weights.items()):
        terminalreporter.write_line(
            f"{name:<18} {encoding:<5} {total:>7,} bytes = html {sizes['html']:>6,}"
            f" + css {sizes['css']:>6,} + js {sizes['js']:>6,}   {url}"
        )
