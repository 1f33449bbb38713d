"""flask export DIRECTORY: every dataset as CSV and JSON, with schemas and an index."""

from __future__ import annotations

import csv
import json

import jsonschema_rs

from engage.opendata import SCHEMA_VERSION, registry
from tests.opendata.world import SECRETS, make_world


def test_export_writes_every_dataset(app, factories, tmp_path):
    world = make_world(factories)
    target = tmp_path / "export"
    result = app.test_cli_runner().invoke(args=["export", str(target)])
    assert result.exit_code == 0, result.output
    assert "Exporting open data" in result.output
    names = [d.name for d in registry.all_datasets()]
    assert f"Wrote {len(names) * 3 + 1} files" in result.output
    index = json.loads((target / "index.json").read_text())
    assert index["schema_version"] == SCHEMA_VERSION
    assert [(f["dataset"], f["format"]) for f in index["files"]] == [
        (n, fmt) for n in names for fmt in ("csv", "json")
    ]
    for name in names:
        schema = json.loads((target / "schemas" / f"{name}.schema.json").read_text())
        document = json.loads((target / f"{name}.json").read_text(encoding="utf-8"))
        jsonschema_rs.validator_for(schema).validate(document)
        with (target / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == len(document["rows"]), name
        for text in ((target / f"{name}.csv").read_text(), json.dumps(document)):
            assert "@example.org" not in text
            assert not any(secret in text for secret in SECRETS.values()), name
    proposals = json.loads((target / "proposals.json").read_text())["rows"]
    # Addresses point at the public site (BASE_URL), not at a test request.
    assert proposals[0]["url"].startswith(app.config["BASE_URL"] + "/proposals/")
    assert len([p for p in proposals if p["consultation_id"] == world.consultation.id]) == (
        world.consultation.proposal_count
    )
