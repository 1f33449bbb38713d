"""Page or fragment: one helper decides from the HX-Request header."""

from __future__ import annotations

from flask import Flask, make_response, render_template, request


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def is_boosted() -> bool:
    return request.headers.get("HX-Boosted") == "true"


def wants_fragment() -> bool:
    """A targeted htmx swap wants the fragment; a boosted navigation wants the page."""
    return is_htmx() and not is_boosted()


def render(template: str, /, fragment: str | None = None, status: int = 200, **context):
    """The page template, or its fragment for a targeted htmx request.

    The template name is positional-only so that a context variable may be called ``page``.
    """
    template = fragment if fragment and wants_fragment() else template
    # A form sent back to be put right (422, or 429 "too fast"): the page's <title> says
    # "Error:" first, as the first thing a screen reader reads.
    context.setdefault("form_has_errors", status in (422, 429))
    response = make_response(render_template(template, **context), status)
    return response


def init_app(app: Flask) -> None:
    @app.after_request
    def vary_on_htmx(response):
        response.vary.add("HX-Request")
        return response
