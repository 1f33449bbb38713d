"""Voters' keys: stable per consultation, different across consultations and from the
person ids of the other open datasets."""

from __future__ import annotations

import re

from engage.opendata.pseudonyms import person_id
from engage.opinion_map.participants import participant_key


def test_one_key_per_person_per_consultation(app):
    key = participant_key(1, 42)
    assert re.fullmatch(r"v-[0-9a-f]{16}", key)
    assert participant_key(1, 42) == key
    assert participant_key(2, 42) != key  # another consultation
    assert participant_key(1, 43) != key
    assert key[2:] not in person_id(42)  # not the person id of the other datasets
