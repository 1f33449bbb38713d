from __future__ import annotations

from flask import request

from engage.htmx import render
from engage.params import arg_int
from engage.search import bp, service

MAX_PAGE = 500  # deep offsets cost as much as counting every match; nobody reads that far


@bp.get("")
def search():
    """Search everything public; htmx swaps only the results while the person types."""
    q = request.args.get("q", "")[: service.MAX_QUERY_LENGTH].strip()
    kind = request.args.get("kind", "")
    kind = kind if kind in service.KINDS else ""
    page_number = min(arg_int("page", 1, low=1), MAX_PAGE)
    results = service.search(
        q,
        kinds=(kind,) if kind else None,
        limit=service.PAGE_SIZE,
        offset=(page_number - 1) * service.PAGE_SIZE,
    )
    return render(
        "search/page.html",
        fragment="search/_results.html",
        q=q,
        kind=kind,
        kinds=service.KINDS,
        page_number=page_number,
        results=results,
    )
