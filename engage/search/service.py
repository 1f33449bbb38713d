"""Search index interface. Feature services call index()/unindex() in their transaction.

One interface, two engines (engage/search/engines.py): SQLite FTS5, PostgreSQL full-text.
index() writes in the current transaction, so the document commits or rolls back with
the content it describes. Documents with ``public=False`` are kept but never found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from engage.search import documents
from engage.search.engines import (
    MARK_START,
    MARK_STOP,
    Document,
    Query,
    Term,
    current_engine,
)
from engage.text import plain_text

KINDS = ("consultation", "proposal", "comment")
PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200  # characters kept from what was typed
MAX_TERMS = 12
MAX_TITLE_LENGTH = 1_000
MAX_BODY_LENGTH = 100_000  # well under PostgreSQL's 1 MB tsvector limit
PROGRESS_EVERY = 500
OPENING_LENGTH = 60  # characters of a comment shown as its heading in results

# A word: a letter or digit, then letters, digits and combining accents (Latin, Arabic).
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06ed"
_WORD = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}])*")
_HIGHLIGHT = re.compile(f"{MARK_START}([^{MARK_START}{MARK_STOP}]*){MARK_STOP}")
_MARKERS = str.maketrans("", "", MARK_START + MARK_STOP)


def index(
    kind: str, ref_id: int, consultation_id: int, title: str, body: str, public: bool = True
) -> None:
    """Add or replace one document. ``public=False`` keeps it out of results (drafts, hidden).

    ``body`` is Markdown as written; it is indexed as plain text.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown search kind {kind!r}")
    document = Document(
        kind=kind,
        ref_id=int(ref_id),
        consultation_id=int(consultation_id),
        public=bool(public),
        title=_normal(title)[:MAX_TITLE_LENGTH],
        body=_normal(" ".join(plain_text(body).split()))[:MAX_BODY_LENGTH],
    )
    current_engine().upsert(document)


def unindex(kind: str, ref_id: int) -> None:
    """Remove one document (withdrawn, deleted)."""
    current_engine().delete(kind, int(ref_id))


@dataclass(frozen=True)
class SearchHit:
    kind: str
    ref_id: int
    consultation_id: int
    title: str
    snippet: Markup  # escaped text; <mark> around the matched words, and nothing else
    consultation_title: str
    consultation_slug: str

    @property
    def url(self) -> str:
        return result_url(self)

    @property
    def kind_label(self) -> str:
        return {
            "consultation": _("Consultation"),
            "proposal": _("Proposal"),
            "comment": _("Comment"),
        }[self.kind]

    @property
    def context(self) -> str:
        """What the result is and where: "Proposal in <consultation title>"."""
        if self.kind == "consultation":
            return _("Consultation")
        if self.kind == "proposal":
            return _("Proposal in %(consultation)s", consultation=self.consultation_title)
        return _("Comment in %(consultation)s", consultation=self.consultation_title)


@dataclass(frozen=True)
class SearchResults:
    query: str
    terms: tuple[Term, ...]
    hits: list[SearchHit]
    total: int
    limit: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def first_number(self) -> int:
        return self.offset + 1

    @property
    def last_number(self) -> int:
        return self.offset + len(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self):
        return iter(self.hits)


def search(
    query: str,
    *,
    kinds=None,
    consultation_id: int | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> SearchResults:
    """Public documents matching every word, best first. Any text is a valid query."""
    terms = parse_terms(query)
    selected = tuple(k for k in KINDS if k in set(kinds)) if kinds else None
    limit, offset = max(1, min(int(limit), 100)), max(0, int(offset))
    if not terms or kinds is not None and not selected:
        return SearchResults(query, terms, [], 0, limit, offset)
    engine = current_engine()
    parsed = Query(terms, selected, consultation_id, limit, offset)
    rows = engine.page(parsed)
    hits = [
        SearchHit(
            kind=row.kind,
            ref_id=int(row.ref_id),
            consultation_id=int(row.consultation_id),
            title=row.title or _untitled(row.kind, row.opening),
            snippet=highlight(row.snippet or ""),
            consultation_title=row.consultation_title,
            consultation_slug=row.consultation_slug,
        )
        for row in rows
    ]
    # A short first page is the whole answer; otherwise count (one more query).
    total = len(hits) if offset == 0 and len(hits) < limit else engine.count(parsed)
    return SearchResults(query, terms, hits, int(total), limit, offset)


def parse_terms(query: str | None) -> tuple[Term, ...]:
    """Words and "quoted phrases" from what a person typed; everything else is ignored.

    Only letters and digits reach the database, so no input is a syntax error on either
    engine. The last word, if typed outside quotes, matches as a prefix (live search).
    """
    text = unicodedata.normalize("NFKC", query or "")[:MAX_QUERY_LENGTH]
    pieces = text.split('"')
    terms: list[Term] = []
    last_is_bare_word = False
    for position, piece in enumerate(pieces):
        words = _WORD.findall(piece)
        quoted = position % 2 == 1 and position < len(pieces) - 1
        if not words:
            continue
        if quoted and len(words) > 1:
            terms.append(Term(tuple(words)))
        else:
            terms.extend(Term((word,)) for word in words)
        last_is_bare_word = not quoted
    unique = list({tuple(w.casefold() for w in t.words): t for t in reversed(terms)}.values())
    terms = list(reversed(unique))[:MAX_TERMS]
    if terms and last_is_bare_word and len(terms[-1].words[0]) >= 2:
        terms[-1] = Term(terms[-1].words, prefix=True)
    return tuple(terms)


def highlight(snippet: str) -> Markup:
    """Escape the snippet, then mark the matched words: the only HTML in a result is ours."""
    escaped = str(escape(snippet))
    return Markup(_HIGHLIGHT.sub(r"<mark>\1</mark>", escaped).translate(_MARKERS))  # noqa: S704


# Where each kind of result is shown. Endpoints are looked up when used, so a feature
# whose page is missing falls back to its consultation rather than failing the search.
RESULT_ENDPOINTS = {
    "consultation": (
        "consultations.view_consultation",
        lambda hit: {"slug": hit.consultation_slug},
    ),
    "proposal": ("proposals.view_proposal", lambda hit: {"proposal_id": hit.ref_id}),
    "comment": ("comments.show", lambda hit: {"comment_id": hit.ref_id}),
}


def result_url(hit: SearchHit) -> str:
    for kind in (hit.kind, "consultation"):
        endpoint, args = RESULT_ENDPOINTS[kind]
        if endpoint in current_app.view_functions:
            return url_for(endpoint, **args(hit))
    return url_for("search.search", q=hit.title)


def reindex_all(progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Rebuild the whole index from the content tables, in the current transaction."""
    engine = current_engine()
    engine.clear()
    counts = {}
    for kind, rows in documents.all_documents():
        counts[kind] = 0
        for row in rows:
            index(kind, *row)
            counts[kind] += 1
            if progress and counts[kind] % PROGRESS_EVERY == 0:
                progress(kind, counts[kind])
        if progress and (counts[kind] % PROGRESS_EVERY or not counts[kind]):
            progress(kind, counts[kind])
    return counts


def _untitled(kind: str, opening: str) -> str:
    """A name for a result without a title (comments): its first words, so that every
    result's link says where it goes."""
    words = (opening or "").split()
    shown, length = [], 0
    for word in words:
        if length + len(word) > OPENING_LENGTH and shown:
            break
        shown.append(word)
        length += len(word) + 1
    text = " ".join(shown) + ("…" if len(shown) < len(words) else "")
    if kind != "comment":
        return text
    return _("Comment: “%(opening)s”", opening=text) if text else _("Comment")


def _normal(text: str | None) -> str:
    """Composed accents (NFC), so "é" typed either way is one letter; no marker characters."""
    return unicodedata.normalize("NFC", text or "").translate(_MARKERS)
