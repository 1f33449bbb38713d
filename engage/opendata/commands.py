"""``flask export DIRECTORY``: the whole public record as files, for archives and mirrors."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from engage.database import utcnow
from engage.opendata import SCHEMA_VERSION, formats, registry
from engage.opendata.fields import timestamp
from engage.opendata.schema import schema_text


def export_to(folder: Path, progress=None) -> list[Path]:
    """Write every dataset as CSV and JSON, its JSON Schema, and an index.json."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "schemas").mkdir(exist_ok=True)
    written: list[Path] = []
    files = []
    base_url = current_app.config["BASE_URL"]
    # Rows carry the address of their page; outside a request, the site's public one.
    with current_app.test_request_context("/", base_url=base_url):
        for dataset in registry.all_datasets():
            for fmt in formats.FORMATS:
                path = folder / f"{dataset.name}.{fmt}"
                with path.open("w", encoding="utf-8", newline="") as out:
                    for chunk in formats.chunks(dataset, fmt):
                        out.write(chunk)
                written.append(path)
                files.append({"dataset": dataset.name, "format": fmt, "path": path.name})
                if progress is not None:
                    progress.update(1)
            schema_path = folder / "schemas" / f"{dataset.name}.schema.json"
            schema_path.write_text(schema_text(dataset), encoding="utf-8")
            written.append(schema_path)
    index = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": timestamp(utcnow()),
        "source": base_url,
        "files": files,
    }
    (folder / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    written.append(folder / "index.json")
    return written


@click.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export_command(directory: Path):
    """Write every open dataset (CSV and JSON, with schemas) to DIRECTORY."""
    steps = len(registry.all_datasets()) * len(formats.FORMATS)
    with click.progressbar(length=steps, label="Exporting open data") as bar:
        written = export_to(directory, progress=bar)
    click.echo(f"Wrote {len(written)} files to {directory} (schema version {SCHEMA_VERSION}).")
