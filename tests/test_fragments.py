"""Rendered comments kept for readers who are not signed in (engage.fragments): every
change a reader could see makes a new key, so the page never shows an old rendering."""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import current_app

from engage import fragments
from engage.database import utcnow
from engage.extensions import db
from engage.fragments import ENTRY_OVERHEAD, FragmentCache
from tests.comments.helpers import vote
from tests.factories import login


def _page(client, consultation) -> str:
    """The consultation's comments: its discussion page (the hub's)."""
    return client.get(f"/consultations/{consultation.slug}/discussion").get_data(as_text=True)


_TOKEN_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')


def _tokens(html: str) -> list[str]:
    """The CSRF tokens in a page: its forms' fields (whatever the order of their
    attributes: WTForms writes value last) and htmx's data-csrf-token."""
    found = re.findall(r'data-csrf-token="([^"]+)"', html)
    for field in _TOKEN_INPUT.findall(html):
        found.extend(re.findall(r'value="([^"]+)"', field))
    return found


def _without_tokens(html: str) -> str:
    """CSRF tokens are signed with the time: two views a second apart differ there only."""
    html = _TOKEN_INPUT.sub(lambda m: re.sub(r'value="[^"]*"', 'value=""', m.group(0)), html)
    return re.sub(r'(data-csrf-token=")[^"]+', r"\1", html)


def _hits() -> int:
    return current_app.extensions["engage_fragments"].hits


def test_a_second_anonymous_view_reuses_the_rendering_and_matches_it(
    client, factories, monkeypatch
):
    consultation = factories.consultation("open")
    for _ in range(3):
        factories.comment(consultation)
    first = _page(client, consultation)
    before = _hits()
    second = _page(client, consultation)
    assert _hits() - before == 3
    assert _without_tokens(second) == _without_tokens(first)
    monkeypatch.setattr(current_app.extensions["engage_fragments"], "max_bytes", 0)  # off: afresh
    assert _without_tokens(_page(client, consultation)) == _without_tokens(first)


def test_every_change_a_reader_can_see_shows_at_once(app, client, factories):
    consultation = factories.consultation("open")
    author = factories.user(name="Ada Original")
    comment = factories.comment(consultation, author=author, body="First wording.")
    assert "First wording." in _page(client, consultation)

    comment.body, comment.edited_at = "Second wording.", utcnow()
    db.session.commit()
    page = _page(client, consultation)
    assert "Second wording." in page and "First wording." not in page and ">edited<" in page

    author.display_name = "Ada Renamed"
    db.session.commit()
    page = _page(client, consultation)
    assert "Ada Renamed" in page and "Ada Original" not in page

    voter = factories.user()
    with app.test_client() as other:
        login(other, voter)
        assert vote(other, comment).status_code in (200, 303)
    assert "1 agree, 0 disagree" in _page(client, consultation)

    client.set_cookie("lang", "es")
    assert "1 agree" not in _page(client, consultation)
    client.set_cookie("lang", "en")

    comment.status = "hidden"
    db.session.commit()
    page = _page(client, consultation)
    assert "Second wording." not in page and "Hidden comment" in page


def _vote_form_token(page: str, comment) -> str:
    form = page[page.index(f'action="/comments/{comment.id}/vote"') :]
    return re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)


def test_signed_in_readers_share_renderings_but_get_their_own_controls_and_token(
    app, client, factories
):
    consultation = factories.consultation("open")
    author = factories.user()
    comment = factories.comment(consultation, author=author, body="Words of mine.")
    first, second = factories.user(), factories.user()
    login(client, first)
    first_page = _page(client, consultation)
    with app.test_client() as other:
        login(other, second)
        before = _hits()
        second_page = _page(other, consultation)
        assert _hits() > before  # the first reader's rendering, reused
        token = _vote_form_token(second_page, comment)
        assert token != _vote_form_token(first_page, comment)  # each reader's own token
        voted = other.post(
            f"/comments/{comment.id}/vote", data={"value": "up", "csrf_token": token}
        )
        assert voted.status_code == 303  # and it is the one their session accepts
        after_vote = _page(other, consultation)
        assert 'aria-pressed="true"' in after_vote and "You agree." in after_vote
    still = _page(client, consultation)
    assert 'aria-pressed="true"' not in still and "(1)" in still  # not the other's vote
    assert f'action="/comments/{comment.id}/delete"' not in still

    with app.test_client() as own:
        login(own, author)
        page = _page(own, consultation)
        assert f'action="/comments/{comment.id}/delete"' in page  # their own controls
        assert f'action="/comments/{comment.id}/vote"' not in page
        assert "You can't vote on your own comment." in page

    kept = list(app.extensions["engage_fragments"]._items.values())
    assert kept and all(
        value == fragments.CSRF_PLACEHOLDER for html in kept for value in _tokens(html)
    )  # the table holds nobody's token


def test_a_fragment_holding_a_real_token_is_not_kept(app):
    with app.test_request_context():
        from flask_wtf.csrf import generate_csrf

        token = generate_csrf()
        fragments.cached_fragment(("leaky",), lambda: f'<input value="{token}">')
        fragments.cached_fragment(("safe",), lambda: f'<input value="{fragments.csrf_token()}">')
        table = app.extensions["engage_fragments"]
        assert table.get(("leaky",)) is None
        assert table.get(("safe",)) == f'<input value="{fragments.CSRF_PLACEHOLDER}">'
        assert fragments.cached_fragment(("safe",), lambda: "") == f'<input value="{token}">'


def test_the_table_is_bounded_by_bytes_and_drops_the_least_recently_used():
    one = sys.getsizeof("a" * 1000) + ENTRY_OVERHEAD
    cache = FragmentCache(2 * one + 10)  # room for two pieces of 1,000 characters
    renders = []

    def render(name):
        return lambda: renders.append(name) or name * 1000

    for key in ("a", "b", "a", "c", "a", "b"):
        assert cache.get_or_render(key, render(key)) == key * 1000
    assert renders == ["a", "b", "c", "b"]  # "b" was dropped when "c" came; "a" stayed
    assert len(cache) == 2 and cache.bytes == 2 * one
    assert cache.get_or_render(None, render("x")) == "x" * 1000 and len(cache) == 2
    # A piece larger than the whole table is served and not kept, and drops nothing.
    assert cache.get_or_render("huge", lambda: "h" * 3 * one) == "h" * 3 * one
    assert len(cache) == 2 and cache.get("huge") is None and cache.get("a") is not None
    # Arabic text takes two bytes a character in memory, and is counted so.
    wide = FragmentCache(10_000)
    wide.get_or_render("ar", lambda: "م" * 1000)
    assert wide.bytes == sys.getsizeof("م" * 1000) + ENTRY_OVERHEAD > 2000
    assert cache.stats() == {
        "entries": 2,
        "bytes": 2 * one,
        "max_bytes": 2 * one + 10,
        "hits": 3,
        "misses": 4,
    }


def test_the_table_keeps_a_digest_of_each_key_not_the_texts_in_it():
    cache = FragmentCache(1 << 20)
    body = "A whole comment body, which the key holds to stay correct. " * 20
    cache.get_or_render(("comment", 1, body, "en"), lambda: "<p>kept</p>")
    assert cache.get(("comment", 1, body, "en")) == "<p>kept</p>"
    assert cache.get(("comment", 1, body + ".", "en")) is None  # an edit: another key
    assert all(isinstance(name, bytes) and len(name) == 16 for name in cache._items)
    assert cache.bytes < len(body)  # the body is not held, only the rendering


def test_a_consultation_page_is_kept_for_readers_who_are_not_signed_in_for_seconds_only(
    app, client, factories, monkeypatch
):
    from engage import fragments
    from tests.queries import count_queries

    monkeypatch.setitem(app.config, "READER_PAGE_SECONDS", 10)
    monkeypatch.setattr(app.extensions["engage_fragments"], "max_bytes", 32 << 20)
    now = [1_000_000.0]
    monkeypatch.setattr(fragments, "_clock", lambda: now[0])
    consultation = factories.consultation("open")
    factories.comment(consultation, body="The first comment.")
    first = _page(client, consultation)
    assert "The first comment." in first
    main = first[first.index("<main") : first.index("</main>")]
    assert "csrf" not in main.lower()  # nothing tied to one reader's session is kept

    factories.comment(consultation, body="A newer comment.")
    with count_queries() as statements:
        kept = _page(client, consultation)
    assert "A newer comment." not in kept  # up to 10 seconds old for this reader ...
    assert len(statements) <= 3  # ... and nothing but the consultation was loaded
    boosted = client.get(
        f"/consultations/{consultation.slug}/discussion",
        headers={"HX-Request": "true", "HX-Boosted": "true"},
    )
    assert "A newer comment." not in boosted.get_data(as_text=True)  # the same page, kept
    swap = client.get(
        f"/consultations/{consultation.slug}/discussion", headers={"HX-Request": "true"}
    )
    assert "<main" not in swap.get_data(as_text=True)  # a targeted swap: its fragment, live

    with app.test_client() as signed_in:
        login(signed_in, factories.user())
        assert "A newer comment." in _page(signed_in, consultation)  # live for people in

    now[0] += 10
    assert "A newer comment." in _page(client, consultation)  # the next slot renders again

    client.set_cookie("lang", "es")
    assert "Comentarios" in _page(client, consultation)  # kept per language


def test_reader_pages_are_off_unless_configured(app, client, factories):
    assert app.config["READER_PAGE_SECONDS"] == 0  # tests and development render live
    from config import ProductionConfig

    assert ProductionConfig.READER_PAGE_SECONDS == 10


_PLAIN = (str, bytes, int, float, bool, type(None), datetime, date, Decimal, Enum)


def _plain(value) -> bool:
    """A value whose repr says everything it holds: the table names a piece by the digest
    of its key's repr, so an object whose repr hides its content (an ORM row's "<Comment
    5>") would let an edited row find the old rendering."""
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, tuple | frozenset):
        return all(_plain(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return all(_plain(getattr(value, f.name)) for f in fields(value))
    return False


def test_every_key_the_pages_make_is_plain_values_so_its_digest_covers_them(
    app, factories, monkeypatch
):
    """Every page of the catalogue, for every role (tests/e2e/pages.py), with the
    fragment cache on: each key that reaches the table is made of plain values."""
    from tests.e2e.pages import make_world, served_pages

    monkeypatch.setitem(app.config, "READER_PAGE_SECONDS", 10)
    seen = []
    digest = fragments.key_digest
    monkeypatch.setattr(fragments, "key_digest", lambda key: seen.append(key) or digest(key))
    for _served in served_pages(app, make_world(factories)):  # every page, every role
        pass
    kinds = {key[0] for key in seen if isinstance(key, tuple) and key}
    assert {"comment", "tree", "page", "clause"} <= kinds, kinds  # the sweep reached them
    assert [key for key in seen if not _plain(key)] == []


def _as_served(html: str) -> str:
    """A page without what every request makes afresh (its CSRF token, the scripts'
    nonce), so two views by one reader compare equal."""
    return re.sub(r'nonce="[^"]+"', 'nonce=""', _without_tokens(html))


def test_no_reader_is_ever_served_another_readers_state_or_token_from_the_table(
    app, factories, monkeypatch
):
    """Every page of the catalogue that draws kept fragments (tests/e2e/pages.py), for
    every role that sees it: served once every role's person has filled the table (each
    with their own votes, supports, follows, staff controls and token), it is exactly
    the page that reader gets from an empty table, and no fragment kept holds a token.
    Whole pages kept for readers who are not signed in are on (READER_PAGE_SECONDS), and
    so are the dashboard's figures (ACCOUNTABILITY_SECONDS)."""
    from engage.i18n import LANG_COOKIE
    from tests.e2e.pages import (
        ANONYMOUS,
        PAGES,
        ROLES,
        client_as,
        get_page,
        make_world,
        page_paths,
    )

    monkeypatch.setitem(app.config, "READER_PAGE_SECONDS", 10)
    monkeypatch.setitem(app.config, "ACCOUNTABILITY_SECONDS", 60)
    kinds: set = set()
    digest = fragments.key_digest

    def note_kind(key):
        if isinstance(key, tuple) and key:
            kinds.add(key[0])
        return digest(key)

    monkeypatch.setattr(fragments, "key_digest", note_kind)
    world = make_world(factories)
    paths = page_paths(app, world)
    # (who, the role whose pages they see, their client): one reader per role, and one
    # more who is not signed in and reads in Spanish.
    readers = [(role, role, client_as(app, world, role)) for role in ROLES]
    spanish = client_as(app, world, ANONYMOUS)
    spanish.set_cookie(LANG_COOKIE, "es")
    readers.append(("anonymous, in Spanish", ANONYMOUS, spanish))
    table = fragments.cache()
    tokens: set[str] = set()
    compared = []
    for item in PAGES:
        seeing = [(who, client) for who, role, client in readers if role in item.seen_by]
        table.clear()
        misses = table.misses
        for _who, client in seeing:  # every reader fills the table with what they drew
            get_page(client, paths[item.name])
        if table.misses == misses:
            continue  # the page draws no kept fragment
        for who, client in seeing:
            warm = get_page(client, paths[item.name]).get_data(as_text=True)
            tokens.update(_tokens(warm))
            assert not any(table.holding(token) for token in tokens)
            table.clear()
            alone = get_page(client, paths[item.name]).get_data(as_text=True)
            difference = list(
                difflib.unified_diff(
                    _as_served(alone).splitlines(), _as_served(warm).splitlines(), lineterm="", n=1
                )
            )
            assert difference == [], (item.name, who, difference[:40])
            compared.append((item.name, who))
            for _other, other in seeing:  # the table as the others left it, for the next
                get_page(other, paths[item.name])
    assert len(tokens) >= 5  # each signed-in role's own token was seen, and none was kept
    # Every kind of kept fragment the templates draw was among them.
    assert kinds >= {
        "page",  # whole pages for readers who are not signed in
        "comment",
        "tree",
        "clause",
        "opinion-results",
        "survey-result",
        "survey-breakdown",
        "outcome-proposals",
        "accountability",
    }, kinds
    assert len(compared) >= 20, compared
    assert any(who == "anonymous, in Spanish" for _page, who in compared)
