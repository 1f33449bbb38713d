"""Recompute an opinion map from its open data: the statements and the vote matrix as
published (engage.opendata.opinion_map), in a folder of CSV or JSON files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from engage.opinion_map.result import AnalysisResult

STATEMENTS_DATASET = "opinion_statements"
VOTES_DATASET = "opinion_votes"


def read_rows(folder: Path, dataset: str) -> list[dict[str, Any]]:
    """A dataset's rows from ``<dataset>.json``, or else ``<dataset>.csv``."""
    path = folder / f"{dataset}.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))["rows"]
    path = folder / f"{dataset}.csv"
    if not path.is_file():
        raise LookupError(f"{folder} has no {dataset}.json or {dataset}.csv.")
    with path.open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def consultation_id(folder: Path, reference: str) -> int:
    if reference.isdigit():
        return int(reference)
    for row in read_rows(folder, "consultations"):
        if row["slug"] == reference:
            return int(row["id"])
    raise LookupError(f"No consultation {reference!r} in {folder}.")


def analyse_export(folder: Path, reference: str) -> AnalysisResult:
    """The groups of one consultation, from its published statements and votes."""
    wanted = consultation_id(folder, reference)
    statement_ids = [
        int(row["id"])
        for row in read_rows(folder, STATEMENTS_DATASET)
        if int(row["consultation_id"]) == wanted and row["visibility"] == "visible"
    ]
    votes = [
        (row["participant_id"], int(row["statement_id"]), int(row["value"]))
        for row in read_rows(folder, VOTES_DATASET)
        if int(row["consultation_id"]) == wanted
    ]
    from engage.opinion_map.analysis import analyse  # scikit-learn: only where it runs

    return analyse(votes, statement_ids)
