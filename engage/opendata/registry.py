"""Every dataset, in the order the download page, the export and the API list them.

Datasets for features that may not be installed yet (drafts, amendments, moderation,
outcomes) join when their models exist.
"""

from __future__ import annotations

import importlib

from engage.opendata.fields import Dataset


def optional_model(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def all_datasets() -> tuple[Dataset, ...]:
    from engage.opendata.consultations import REFERENCE
    from engage.opendata.core import PARTICIPATION
    from engage.opendata.counts import COUNTS

    return REFERENCE + PARTICIPATION + COUNTS + _extra_datasets()


# Feature modules whose datasets join the list when the feature is installed.
EXTRA_MODULES = (
    ("engage.opendata.codrafting", "CODRAFTING"),
    ("engage.opendata.outcomes", "OUTCOME_DATASETS"),
    ("engage.opendata.moderation", "MODERATION"),
)


def _extra_datasets() -> tuple[Dataset, ...]:
    found: tuple[Dataset, ...] = ()
    for module, name in EXTRA_MODULES:
        found += optional_model(module, name) or ()
    return found


def get(name: str) -> Dataset | None:
    return next((d for d in all_datasets() if d.name == name), None)
