"""The two search engines behind engage.search.service: SQLite FTS5 and PostgreSQL.

Both take the same parsed query (a list of terms; a term is one word or a phrase) and
return the same rows, so the service and the pages never know which database they run on.
User text never becomes query syntax: terms are letters and digits only, quoted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text

from engage.extensions import db

# Private-use characters mark highlighted words in snippets; index() strips them from
# documents, and the service turns them into <mark> after HTML-escaping the snippet.
MARK_START = "\ue000"
MARK_STOP = "\ue001"

# SQLite rowid = ref_id * KIND_SLOTS + kind code: one document per (kind, ref_id), found by
# rowid. Room for later kinds (clause, amendment).
KIND_CODES = {"consultation": 1, "proposal": 2, "comment": 3, "clause": 4, "amendment": 5}
KIND_SLOTS = 16

# Titles count ten times as much as bodies, on both engines.
TITLE_WEIGHT = 10.0
SNIPPET_WORDS = 32
OPENING_CHARS = 120  # the start of a body, to name results that have no title


@dataclass(frozen=True)
class Document:
    kind: str
    ref_id: int
    consultation_id: int
    public: bool
    title: str
    body: str


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase
    prefix: bool = False  # the last word typed so far: match words that start with it


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    kinds: tuple[str, ...] | None
    consultation_id: int | None
    limit: int
    offset: int


def _filters(query: Query, kind_column: str, consultation_column: str) -> tuple[str, dict]:
    sql, params = "", {}
    if query.kinds:
        sql += f" AND {kind_column} IN :kinds"
        params["kinds"] = list(query.kinds)
    if query.consultation_id is not None:
        sql += f" AND {consultation_column} = :consultation_id"
        params["consultation_id"] = query.consultation_id
    return sql, params


def _statement(sql: str, params: dict):
    statement = text(sql)
    if "kinds" in params:
        statement = statement.bindparams(bindparam("kinds", expanding=True))
    return statement


class SqliteEngine:
    name = "sqlite"

    def upsert(self, doc: Document) -> None:
        rowid = self._rowid(doc.kind, doc.ref_id)
        db.session.execute(text("DELETE FROM search_fts WHERE rowid = :rowid"), {"rowid": rowid})
        db.session.execute(
            text(
                "INSERT INTO search_fts"
                " (rowid, kind, ref_id, consultation_id, public, title, body)"
                " VALUES (:rowid, :kind, :ref_id, :consultation_id, :public, :title, :body)"
            ),
            {
                "rowid": rowid,
                "kind": doc.kind,
                "ref_id": doc.ref_id,
                "consultation_id": doc.consultation_id,
                "public": 1 if doc.public else 0,
                "title": doc.title,
                "body": doc.body,
            },
        )

    def delete(self, kind: str, ref_id: int) -> None:
        db.session.execute(
            text("DELETE FROM search_fts WHERE rowid = :rowid"),
            {"rowid": self._rowid(kind, ref_id)},
        )

    def clear(self) -> None:
        db.session.execute(text("DELETE FROM search_fts"))

    def page(self, query: Query) -> list[Any]:
        filters, params = _filters(query, "search_fts.kind", "search_fts.consultation_id")
        # bm25 weights follow the column order: kind, ref_id, consultation_id, public,
        # title, body. Lower bm25 is better.
        sql = f"""
            SELECT search_fts.kind, search_fts.ref_id, search_fts.consultation_id,
                   search_fts.title, substr(search_fts.body, 1, {OPENING_CHARS}) AS opening,
                   snippet(search_fts, 5, :start, :stop, '…', {SNIPPET_WORDS}) AS snippet,
                   c.title AS consultation_title, c.slug AS consultation_slug
            FROM search_fts JOIN consultations AS c ON c.id = search_fts.consultation_id
            WHERE search_fts MATCH :match AND search_fts.public = 1
              AND c.published_at IS NOT NULL{filters}
            ORDER BY bm25(search_fts, 0, 0, 0, 0, {TITLE_WEIGHT}, 1.0), search_fts.rowid
            LIMIT :limit OFFSET :offset
        """  # noqa: S608 - only constants are interpolated; values are bound
        params |= {
            "match": self.match_expression(query.terms),
            "start": MARK_START,
            "stop": MARK_STOP,
            "limit": query.limit,
            "offset": query.offset,
        }
        return list(db.session.execute(_statement(sql, params), params))

    def count(self, query: Query) -> int:
        filters, params = _filters(query, "search_fts.kind", "search_fts.consultation_id")
        sql = f"""
            SELECT count(*)
            FROM search_fts JOIN consultations AS c ON c.id = search_fts.consultation_id
            WHERE search_fts MATCH :match AND search_fts.public = 1
              AND c.published_at IS NOT NULL{filters}
        """  # noqa: S608 - only constants are interpolated; values are bound
        params["match"] = self.match_expression(query.terms)
        return db.session.execute(_statement(sql, params), params).scalar_one()

    @staticmethod
    def match_expression(terms: tuple[Term, ...]) -> str:
        """FTS5 syntax: every term a quoted string, ANDed; a trailing * for a prefix."""
        parts = []
        for term in terms:
            quoted = '"' + " ".join(term.words) + '"'
            parts.append(quoted + "*" if term.prefix else quoted)
        return " ".join(parts)

    @staticmethod
    def _rowid(kind: str, ref_id: int) -> int:
        return int(ref_id) * KIND_SLOTS + KIND_CODES[kind]


class PostgresEngine:
    name = "postgresql"
    config = "engage_search"  # 'simple' + unaccent, created by migration 0005

    def upsert(self, doc: Document) -> None:
        db.session.execute(
            text(
                "INSERT INTO search_documents"
                " (kind, ref_id, consultation_id, public, title, body)"
                " VALUES (:kind, :ref_id, :consultation_id, :public, :title, :body)"
                " ON CONFLICT (kind, ref_id) DO UPDATE SET"
                " consultation_id = excluded.consultation_id, public = excluded.public,"
                " title = excluded.title, body = excluded.body"
            ),
            {
                "kind": doc.kind,
                "ref_id": doc.ref_id,
                "consultation_id": doc.consultation_id,
                "public": doc.public,
                "title": doc.title,
                "body": doc.body,
            },
        )

    def delete(self, kind: str, ref_id: int) -> None:
        db.session.execute(
            text("DELETE FROM search_documents WHERE kind = :kind AND ref_id = :ref_id"),
            {"kind": kind, "ref_id": ref_id},
        )

    def clear(self) -> None:
        db.session.execute(text("DELETE FROM search_documents"))

    def page(self, query: Query) -> list[Any]:
        filters, params = _filters(query, "d.kind", "d.consultation_id")
        # Rank and page first, then build headlines for the page's rows only: ts_headline
        # re-parses the whole body, so it must not run for every match. (Its parser also
        # leaves out text that looks like an HTML tag; the service escapes the rest.)
        # ts_rank_cd weights are {D, C, B, A}: title (A) ten times body (B), as TITLE_WEIGHT.
        sql = f"""
            WITH q AS (SELECT to_tsquery('{self.config}', :tsquery) AS query),
            page AS (
                SELECT d.kind, d.ref_id, d.consultation_id, d.title, d.body,
                       c.title AS consultation_title, c.slug AS consultation_slug,
                       ts_rank_cd('{{0, 0, 0.1, 1.0}}', d.document, q.query, 1) AS rank
                FROM search_documents AS d
                CROSS JOIN q
                JOIN consultations AS c ON c.id = d.consultation_id
                WHERE d.document @@ q.query AND d.public
                  AND c.published_at IS NOT NULL{filters}
                ORDER BY rank DESC, d.kind, d.ref_id
                LIMIT :limit OFFSET :offset
            )
            SELECT page.kind, page.ref_id, page.consultation_id, page.title,
                   substr(page.body, 1, {OPENING_CHARS}) AS opening,
                   ts_headline('{self.config}', page.body, q.query, :options) AS snippet,
                   page.consultation_title, page.consultation_slug
            FROM page CROSS JOIN q
            ORDER BY page.rank DESC, page.kind, page.ref_id
        """  # noqa: S608 - only constants are interpolated; values are bound
        params |= {
            "tsquery": self.tsquery(query.terms),
            "options": (
                f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords={SNIPPET_WORDS},"
                ' MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
            ),
            "limit": query.limit,
            "offset": query.offset,
        }
        return list(db.session.execute(_statement(sql, params), params))

    def count(self, query: Query) -> int:
        filters, params = _filters(query, "d.kind", "d.consultation_id")
        sql = f"""
            SELECT count(*)
            FROM search_documents AS d
            JOIN consultations AS c ON c.id = d.consultation_id
            WHERE d.document @@ to_tsquery('{self.config}', :tsquery) AND d.public
              AND c.published_at IS NOT NULL{filters}
        """  # noqa: S608 - only constants are interpolated; values are bound
        params["tsquery"] = self.tsquery(query.terms)
        return db.session.execute(_statement(sql, params), params).scalar_one()

    @staticmethod
    def tsquery(terms: tuple[Term, ...]) -> str:
        """to_tsquery syntax: quoted lexemes ANDed, phrases with <->, :* for a prefix."""
        parts = []
        for term in terms:
            lexemes = [f"'{word}'" for word in term.words]
            if term.prefix:
                lexemes[-1] += ":*"
            parts.append(lexemes[0] if len(lexemes) == 1 else "(" + " <-> ".join(lexemes) + ")")
        return " & ".join(parts)


ENGINES = {"sqlite": SqliteEngine(), "postgresql": PostgresEngine()}


def current_engine() -> SqliteEngine | PostgresEngine:
    dialect = db.session.get_bind().dialect.name
    try:
        return ENGINES[dialect]
    except KeyError:
        raise RuntimeError(f"full-text search is not implemented for {dialect}") from None
