"""Every table that names a person is in their download and known to account deletion.

A feature that adds a column with a foreign key to users makes this fail until it says
what deletion does with it: ``info={"account_deletion": "delete"}`` (the rows are the
person's alone) or ``"reassign"`` (they stay, signed by a former participant); see
engage/privacy/registry.py. The download takes such tables by itself.
"""

from __future__ import annotations

import io
import zipfile

from engage.privacy import export, registry


def test_every_column_naming_a_person_says_what_deletion_does_with_it(app):
    with app.app_context():
        assert registry.references(), "no table references users: the registry is broken"
        assert registry.unhandled() == []


def test_every_table_naming_a_person_is_in_the_download(app, factories):
    person = factories.user()
    with app.app_context():
        names = zipfile.ZipFile(io.BytesIO(export.build_zip(person))).namelist()
        readme = zipfile.ZipFile(io.BytesIO(export.build_zip(person))).read("README.txt").decode()
        for table in registry.by_table():
            assert f"{table.name}.json" in names
            assert f"{table.name}.csv" in names
            assert f"{table.name}.json, {table.name}.csv" in readme
