"""Every CSV the site writes is formula-escaped: a cell a spreadsheet would run as a
formula (=, +, -, @, tab, CR first) starts with an apostrophe instead. Checked over every
CSV route in the URL map, with text crafted as formulas in every kind of user text,
guideline rule titles included."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from engage import csv_safe
from engage.extensions import db
from engage.opendata import registry
from tests.factories import login
from tests.opendata.world import make_world

ENGAGE = Path(__file__).resolve().parent.parent / "engage"
FORMULA = tuple(csv_safe.FORMULA_STARTS)
NUMBER = re.compile(r"-?\d+(\.\d+)?")


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-1 +1", "'-1 +1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
        (-5, -5),
        (2.5, 2.5),
    ],
)
def test_a_cell_is_defused_only_when_it_would_run(value, written):
    assert csv_safe.cell(value) == written


def test_no_csv_is_written_without_the_safe_writer():
    """One helper used everywhere: no module writes CSV with the csv module directly."""
    direct = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(ENGAGE))
        for path in ENGAGE.rglob("*.py")
        if path.name != "csv_safe.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _formula_world(factories):
    from engage.guidelines.models import Guideline, GuidelinesVersion
    from engage.moderation.decision_models import ModerationAction

    world = make_world(factories)
    version = GuidelinesVersion(number=99)
    version.rules = [Guideline(number=3, title='=HYPERLINK("http://evil.example")')]
    db.session.add(version)
    db.session.flush()
    for action in db.session.scalars(select(ModerationAction)):
        action.guidelines_version_id = version.id
    factories.comment(world.proposals["formula"], body="@SUM(1+1)")
    db.session.commit()
    return world


def _csv_urls(app, world) -> dict[str, list[str]]:
    """Every GET route that answers CSV, with real arguments: ``.csv`` in its address, or
    a format chosen in it."""
    found: dict[str, list[str]] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not (".csv" in rule.rule or "fmt" in rule.arguments):
            continue
        per_consultation = "slug" in rule.arguments
        datasets = [
            d for d in registry.all_datasets() if d.per_consultation or not per_consultation
        ]
        names = [d.name for d in datasets] if "name" in rule.arguments else [None]
        urls = []
        for name in names:
            values = {
                "fmt": "csv",
                "name": name,
                "slug": world.consultation.slug,
                "questionnaire_id": world.survey.id,
            }
            values = {k: v for k, v in values.items() if k in rule.arguments}
            urls.append(rule.build(values, append_unknown=False)[1])
        if rule.endpoint == "moderation.public_log_csv":
            urls.append(urls[0] + f"?consultation={world.consultation.id}")
        found[rule.endpoint] = urls
    return found


def test_every_csv_the_site_writes_is_formula_escaped(app, client, factories):
    world = _formula_world(factories)
    login(client, world.official)
    urls = _csv_urls(app, world)
    assert {
        "opendata.download",
        "opendata.consultation_download",
        "moderation.public_log_csv",
        "assisted.import_template",
        "surveys.paper_import_template",
    } <= set(urls)
    cells = []
    for addresses in urls.values():
        for url in addresses:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.mimetype == "text/csv", url
            body = response.get_data(as_text=True)
            for row in csv.reader(io.StringIO(body, newline="")):
                for value in row:
                    cells.append(value)
                    assert not (value.startswith(FORMULA) and not NUMBER.fullmatch(value)), (
                        url,
                        value,
                    )
    # The crafted text did reach the files, defused.
    assert "'=HYPERLINK(1)" in cells  # a proposal title (open data)
    assert "'@SUM(1+1)" in cells  # a comment (open data)
    assert '\'=HYPERLINK("http://evil.example")' in cells  # a rule title (moderation log)
