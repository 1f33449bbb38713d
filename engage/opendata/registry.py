"""Every dataset, in the order the download page, the export and the API list them.

Every feature's datasets are imported here, so a dataset module that fails to import
fails the app at start instead of quietly leaving its datasets out. A feature that
open data can't import without an import cycle (the public record, engage.ledger, which
itself uses open data's pseudonyms) is introduced by engage/wiring.py with ``register``.
"""

from __future__ import annotations

from engage.opendata.codrafting import CODRAFTING
from engage.opendata.consultations import REFERENCE
from engage.opendata.core import PARTICIPATION
from engage.opendata.counts import COUNTS
from engage.opendata.fields import Dataset
from engage.opendata.moderation import MODERATION
from engage.opendata.opinion_map import OPINION_MAP
from engage.opendata.outcomes import OUTCOME_DATASETS
from engage.opendata.surveys import SURVEYS

DATASETS: tuple[Dataset, ...] = (
    REFERENCE
    + PARTICIPATION
    + COUNTS
    + CODRAFTING
    + OUTCOME_DATASETS
    + MODERATION
    + OPINION_MAP
    + SURVEYS
)


_REGISTERED: dict[str, Dataset] = {}


def register(*datasets: Dataset) -> None:
    """Add datasets after the built-in ones (at app start; doing it again changes nothing)."""
    for dataset in datasets:
        _REGISTERED[dataset.name] = dataset


def registered() -> tuple[Dataset, ...]:
    return tuple(_REGISTERED.values())


def all_datasets() -> tuple[Dataset, ...]:
    return DATASETS + registered()


def get(name: str) -> Dataset | None:
    return next((d for d in all_datasets() if d.name == name), None)
