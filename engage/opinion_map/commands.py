"""``flask opinion-map recompute <consultation> [--from-export DIR]``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from engage.consultations.models import Consultation
from engage.extensions import db
from engage.opinion_map import recompute as recomputing
from engage.opinion_map.export import analyse_export
from engage.opinion_map.result import AnalysisResult


@click.group("opinion-map")
def opinion_map_group() -> None:
    """Opinion maps: groups of opinion and consensus found in agree/disagree/pass votes."""


@opinion_map_group.command("recompute")
@click.argument("consultation")
@click.option(
    "--from-export",
    "export_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Analyse the open data in this folder (from flask export or the downloads) "
    "instead of the database; nothing is stored.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@with_appcontext
def recompute_command(consultation: str, export_dir: Path | None, as_json: bool) -> None:
    """Find the opinion groups of CONSULTATION (its slug or id) now, and store them."""
    if export_dir is not None:
        try:
            result = analyse_export(export_dir, consultation)
        except LookupError as error:
            raise click.ClickException(str(error)) from None
    else:
        found = _consultation(consultation)
        if found is None:
            raise click.ClickException(f"No consultation {consultation!r}.")
        result = recomputing.recompute(found.id)
        db.session.commit()
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=1, sort_keys=True))
    else:
        click.echo(describe(result))


def _consultation(reference: str) -> Consultation | None:
    if reference.isdigit():
        return db.session.get(Consultation, int(reference))
    return db.session.scalar(select(Consultation).where(Consultation.slug == reference))


def describe(result: AnalysisResult) -> str:
    """A few plain lines: who counted, the groups and the consensus statements."""
    lines = [
        f"{result.vote_count} votes on {result.statement_count} statements by "
        f"{result.participant_count} people; {result.counted} counted, {result.left_out} "
        f"left out (fewer than {result.min_votes} votes).",
        f"{result.k} group(s)"
        + (f", silhouette {result.silhouette:.3f}" if result.silhouette is not None else "")
        + ".",
    ]
    for group in result.groups:
        representative = ", ".join(
            f"{rep.statement_id} ({rep.direction})" for rep in group.representative
        )
        lines.append(f"Group {group.label}: {group.size} people; representative: {representative}")
    consensus = ", ".join(str(item.statement_id) for item in result.consensus)
    lines.append(f"Consensus statements: {consensus or 'none'}")
    return "\n".join(lines)
