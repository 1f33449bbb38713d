"""``flask reindex-search``: rebuild the search index from the content tables."""

from __future__ import annotations

import click

from engage.extensions import db
from engage.search.service import reindex_all


@click.command("reindex-search")
def reindex_search_command():
    """Rebuild the full-text search index (published content only)."""

    def progress(kind: str, count: int) -> None:
        click.echo(f"  {kind}s: {count}")

    click.echo("Rebuilding the search index…")
    counts = reindex_all(progress=progress)
    db.session.commit()
    click.echo(f"Search index rebuilt: {sum(counts.values())} documents.")
