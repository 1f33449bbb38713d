"""Cache-Control on every page: what a shared cache (nginx, a CDN) may keep, and what no
cache may keep.

A page is **shareable** when it is the same for everyone who could be sent it: a GET or
HEAD answered 200, to a request that carries no cookie (no session, no language or display
choice) and no credentials, answered without setting a cookie. It says
``public, max-age=PUBLIC_CACHE_SECONDS`` with a strong ETag: a cache serves it for that
long, then asks again and gets 304 if nothing changed. A reader who is not signed in sees
an edit within that time; anyone signed in (they carry a cookie) sees it at once.

Everything else says ``private, no-store``: a signed-in page, a form with its token (the
token sets the session cookie), a flash message, an error, a redirect, any POST.
Static files set their own headers (engage.assets) and are left alone.
"""

from __future__ import annotations

from flask import Flask, current_app, request, session

_SHAREABLE_METHODS = ("GET", "HEAD")


def shareable(response) -> bool:
    return (
        request.method in _SHAREABLE_METHODS
        and response.status_code == 200
        and not request.cookies
        and "Authorization" not in request.headers
        and "Set-Cookie" not in response.headers
        # Flask adds the session cookie after these hooks: ask whether it will.
        and not current_app.session_interface.should_set_cookie(current_app, session)
        and current_app.config["PUBLIC_CACHE_SECONDS"] > 0
    )


def _cache_headers(response):
    if "Cache-Control" in response.headers:
        return response  # static files and downloads that chose their own
    if not shareable(response):
        response.cache_control.private = True
        response.cache_control.no_store = True
        return response
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_CACHE_SECONDS"]
    # Without a cookie, the language comes from Accept-Language (engage.i18n).
    response.vary.add("Accept-Language")
    if not response.is_streamed:
        # Compression runs after this and turns "abc" into "abc:br" for the compressed
        # body, evaluating If-None-Match against that itself (Flask-Compress).
        response.add_etag()
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_cache_headers)
