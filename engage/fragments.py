"""Rendered fragments, kept under keys made of everything they show.

Long pages repeat the same markup for many items — comments in a thread, cards in a
list — and rendering it is most of their time. An item's markup depends only on what the
item shows, the language and a few facts about the reader (may they comment, is it their
own, how did they vote), so it is kept under a key made of exactly those values: an
edit, a vote, a renamed author or another language makes another key, and nothing needs
invalidating. The table keeps a digest of each key, not the key (keys hold whole texts),
and old entries fall out least recently used first once it holds FRAGMENT_CACHE_MB
megabytes per process (0 turns it off).

Templates use it as a call block:

    {% call cached_fragment(comment_fragment_key(node, target)) %}...{% endcall %}

A key of None (an item with moderation state) renders every time. Some fragments show
the same to everyone (a draft's clauses) and are kept for everyone.

Forms in a kept fragment carry the reader's CSRF token. Inside a fragment,
``csrf_token()`` writes a placeholder, and the outermost fragment puts this reader's
token in its place on the way out, so the table never holds anyone's token; a fragment
that holds the real token anyway (a form field rendered its own) is not kept.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any

from flask import Flask, current_app, g, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from engage.htmx import wants_fragment

# What one kept entry costs besides its text: its 16-byte key as a bytes object (49 bytes)
# and the table's slot for it (about 75 bytes on CPython 3.11, by tracemalloc), with room.
ENTRY_OVERHEAD = 200


def key_digest(key: Hashable) -> bytes:
    """A fixed-size name for ``key``: keys hold whole texts (a comment's body, a clause),
    and the table keeps only this. 128 bits of BLAKE2b: no two keys share a name in
    practice, and a key cannot be worked out from it."""
    return hashlib.blake2b(repr(key).encode(), digest_size=16).digest()


class FragmentCache:
    """Renderings kept by key, at most ``max_bytes`` of them in memory (their strings'
    own size plus ENTRY_OVERHEAD each), the least recently used dropped first."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[bytes, str] = OrderedDict()
        self._lock = Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable | None) -> str | None:
        if not key or self.max_bytes <= 0:
            return None
        return self._get(key_digest(key))

    def _get(self, name: bytes) -> str | None:
        with self._lock:
            html = self._items.get(name)
            if html is not None:
                self._items.move_to_end(name)
                self.hits += 1
            return html

    def get_or_render(
        self,
        key: Hashable | None,
        render: Callable[[], str],
        keep: Callable[[str], bool] | None = None,
    ) -> str:
        """The kept rendering, or a new one, kept unless ``keep`` says it must not be."""
        if not key or self.max_bytes <= 0:
            return render()
        name = key_digest(key)  # once, for the look-up and the keeping
        html = self._get(name)
        if html is not None:
            return html
        html = render()
        if keep is None or keep(html):
            self._put(name, html)
        return html

    def _put(self, name: bytes, html: str) -> None:
        cost = sys.getsizeof(html) + ENTRY_OVERHEAD
        if cost > self.max_bytes:
            return  # larger than the whole table: never kept
        with self._lock:
            self.misses += 1
            old = self._items.pop(name, None)
            if old is not None:
                self.bytes -= sys.getsizeof(old) + ENTRY_OVERHEAD
            self._items[name] = html
            self.bytes += cost
            while self.bytes > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self.bytes -= sys.getsizeof(dropped) + ENTRY_OVERHEAD

    def __len__(self) -> int:
        return len(self._items)

    def stats(self) -> dict[str, int]:
        """What the table holds now and how it has done since the process started."""
        with self._lock:
            return {
                "entries": len(self._items),
                "bytes": self.bytes,
                "max_bytes": self.max_bytes,
                "hits": self.hits,
                "misses": self.misses,
            }

    def clear(self) -> None:
        """Forget every kept fragment (after an account deletion: names are in them)."""
        with self._lock:
            self._items.clear()
            self.bytes = 0

    def holding(self, text: str) -> bool:
        with self._lock:
            return any(text in html for html in self._items.values())


def cache() -> FragmentCache:
    return current_app.extensions["engage_fragments"]


CSRF_PLACEHOLDER = "engage-csrf-token-placeholder"


def cached_fragment(key: Hashable | None, caller: Callable[[], str]) -> str:
    depth = g.get("_engage_fragment_depth", 0)
    g._engage_fragment_depth = depth + 1
    try:
        html = cache().get_or_render(key, caller, keep=_holds_no_token)
    finally:
        g._engage_fragment_depth = depth
    if depth == 0 and CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, generate_csrf())
    return html


def csrf_token() -> str:
    """The template global: the reader's token, or inside a fragment its placeholder."""
    return CSRF_PLACEHOLDER if g.get("_engage_fragment_depth", 0) else generate_csrf()


def _holds_no_token(html: str) -> bool:
    token = g.get("csrf_token")  # where Flask-WTF keeps this request's token once made
    return not token or token not in html


_clock = time.time  # tests move it on


def time_slot(seconds: int) -> int:
    """The number of the current ``seconds``-long slot of time: part of a key whose
    content is kept that long (``reader_page_key``, the accountability dashboard)."""
    return int(_clock() // seconds)


def _anonymous() -> bool:
    return not current_user.is_authenticated


def reader_page_key(kind: str) -> tuple | None:
    """A whole page's content for readers who are not signed in, for READER_PAGE_SECONDS.

    For the busiest pages (a consultation read by thousands at once), whose content shows
    live figures no key could cover cheaply: it is kept for a few seconds instead, under
    the address (with its query), the language and the current time slot — so a reader
    who is not signed in sees it at most that many seconds old, and signed-in people (the
    only ones who can change it) always see it live. The content must not hold anything
    personal or a CSRF token for such readers (tests check the consultation page).
    """
    seconds = current_app.config.get("READER_PAGE_SECONDS", 0)
    if seconds <= 0 or not _anonymous() or wants_fragment():
        return None  # (a boosted navigation gets the whole page, so it may be kept)
    return ("page", kind, request.full_path, str(get_locale()), time_slot(seconds))


def clause_fragment_key(consultation: Any, part: Any, live: dict) -> tuple:
    """What one clause shows on the draft page (drafts/page.html), for everyone: its text,
    its number, and how many comments and amendments it has. Nothing in it depends on
    who is reading."""
    clause = live.get(part.clause_id)
    return (
        "clause",
        consultation.slug,
        part.clause_id,
        part.number,
        part.text,
        getattr(clause, "comment_count", 0),
        getattr(clause, "amendment_count", 0),
        str(get_locale()),
    )


def init_app(app: Flask) -> None:
    megabytes = app.config.get("FRAGMENT_CACHE_MB", 0)
    app.extensions["engage_fragments"] = FragmentCache(int(megabytes * 1024 * 1024))
    app.add_template_global(cached_fragment)
    # Flask-WTF gives templates its csrf_token() through a context processor, which
    # shadows globals; this one runs after it and gives the fragment-aware one.
    app.context_processor(lambda: {"csrf_token": csrf_token})
    app.add_template_global(clause_fragment_key)
    app.add_template_filter(tuple, "tuple")  # lists of rows as keys
