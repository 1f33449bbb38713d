"""The dataset registry lists every dataset the opendata modules define, and a dataset
module that cannot be imported is an error, not a shorter list."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import pytest

import engage.opendata
from engage.opendata import registry
from engage.opendata.fields import Dataset


def _defined_datasets() -> set[str]:
    """Names of every Dataset held in a module-level tuple of an engage.opendata module."""
    names = set()
    for info in pkgutil.iter_modules(engage.opendata.__path__, "engage.opendata."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, tuple) and value and isinstance(value[0], Dataset):
                names.update(d.name for d in value)
    return names


def test_every_defined_dataset_is_listed_once(app):
    listed = [d.name for d in registry.all_datasets()]
    assert len(listed) == len(set(listed))
    # Datasets of features open data can't import (the public record) are registered.
    registered = {d.name for d in registry.registered()}
    assert {"ledger_leaves", "ledger_heads"} <= registered
    assert _defined_datasets() | registered == set(listed)


def test_a_dataset_module_that_fails_to_import_fails_loudly(monkeypatch):
    # None in sys.modules makes "import engage.opendata.moderation" raise ImportError.
    monkeypatch.setitem(sys.modules, "engage.opendata.moderation", None)
    monkeypatch.delitem(sys.modules, "engage.opendata.registry")
    with pytest.raises(ImportError):
        importlib.import_module("engage.opendata.registry").all_datasets()
