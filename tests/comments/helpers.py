"""Shared steps for comment tests: posting as a browser would, with or without htmx."""

from __future__ import annotations

import re

from tests.factories import csrf_token_from, token_for

HTMX = {"HX-Request": "true"}


def token(client, url: str = "/") -> str:
    """The page's token; a page with none (a reader's page, when not signed in) sends for
    one as token_for does."""
    page = client.get(url).get_data(as_text=True)
    try:
        return csrf_token_from(page)
    except AssertionError:
        return token_for(client)


def post(client, url: str, data: dict, htmx: bool = False):
    headers = HTMX if htmx else {}
    return client.post(url, data={"csrf_token": token(client), **data}, headers=headers)


def post_comment(client, target, body="A thoughtful comment.", htmx=False, **extra):
    kind = "proposal" if target.__class__.__name__ == "Proposal" else "consultation"
    data = {"target_type": kind, "target_id": target.id, "body": body, **extra}
    return post(client, "/comments", data, htmx=htmx)


def vote(client, comment, value="up", htmx=False):
    return post(client, f"/comments/{comment.id}/vote", {"value": value}, htmx=htmx)


def thread_url(target, **args) -> str:
    kind = "proposal" if target.__class__.__name__ == "Proposal" else "consultation"
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/comments/thread?target_type={kind}&target_id={target.id}" + (
        f"&{query}" if query else ""
    )


def comment_ids(html: str) -> list[int]:
    """Ids of the comments in a page or fragment, in document order."""
    return [int(n) for n in re.findall(r'<article class="comment" id="comment-(\d+)"', html)]


def is_full_page(html: str) -> bool:
    return "<html" in html and "</html>" in html
