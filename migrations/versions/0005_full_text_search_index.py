"""full-text search index: SQLite FTS5 table, or PostgreSQL table with a tsvector

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

The index is derived data, rebuilt with ``flask reindex-search``. Its tables start with
``search_`` so autogenerate leaves them alone (engage/database.py).

SQLite: an FTS5 table. The rowid encodes (kind, ref_id) so an upsert is a rowid lookup,
not a scan; UNINDEXED columns are stored, not searched.

PostgreSQL: a plain table with a generated, weighted tsvector (title A, body B) and a GIN
index. The text search configuration ``engage_search`` is 'simple' (no stemming, no stop
words: the site runs in English, Spanish and Arabic) with accents folded by ``unaccent``,
matching SQLite's ``unicode61 remove_diacritics 2``.
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        # unaccent ships with PostgreSQL (contrib) and is a trusted extension since 13.
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("CREATE TEXT SEARCH CONFIGURATION engage_search (COPY = pg_catalog.simple)")
        op.execute(
            "ALTER TEXT SEARCH CONFIGURATION engage_search "
            "ALTER MAPPING FOR word, hword, hword_part, numword, numhword "
            "WITH unaccent, simple"
        )
        op.execute(
            """
            CREATE TABLE search_documents (
                kind varchar(20) NOT NULL,
                ref_id integer NOT NULL,
                consultation_id integer NOT NULL,
                public boolean NOT NULL DEFAULT true,
                title text NOT NULL DEFAULT '',
                body text NOT NULL DEFAULT '',
                document tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('engage_search'::regconfig, title), 'A')
                    || setweight(to_tsvector('engage_search'::regconfig, body), 'B')
                ) STORED,
                CONSTRAINT pk_search_documents PRIMARY KEY (kind, ref_id)
            )
            """
        )
        op.execute(
            "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)"
        )
        op.execute(
            "CREATE INDEX ix_search_documents_consultation ON search_documents (consultation_id)"
        )
    else:
        op.execute(
            """
            CREATE VIRTUAL TABLE search_fts USING fts5(
                kind UNINDEXED,
                ref_id UNINDEXED,
                consultation_id UNINDEXED,
                public UNINDEXED,
                title,
                body,
                tokenize = 'unicode61 remove_diacritics 2',
                prefix = '2 3'
            )
            """
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE search_documents")
        op.execute("DROP TEXT SEARCH CONFIGURATION engage_search")
        # unaccent stays: other code may use it, and dropping it needs more rights.
    else:
        op.execute("DROP TABLE search_fts")
