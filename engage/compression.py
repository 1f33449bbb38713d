"""Brotli or gzip for pages, fragments and JSON; static files arrive precompressed.

Flask-Compress does the work. Its hook is registered here rather than by the
extension, so that it runs after every other after_request hook (it must see the
final body) and leaves static files to engage.assets.
"""

from __future__ import annotations

from flask import Flask, request

from engage.assets import ENCODINGS
from engage.extensions import compress


def _compress_response(response):
    if request.endpoint == "static":
        return response
    if not any(request.accept_encodings[name] > 0 for name in ENCODINGS):
        # Flask-Compress would take "br;q=0" as a yes; q=0 means "never".
        response.vary.add("Accept-Encoding")
        return response
    return compress.after_request(response)


def init_app(app: Flask) -> None:
    app.config["COMPRESS_REGISTER"] = False
    compress.init_app(app)
    # First in the list: Flask runs after_request hooks last-registered first.
    app.after_request_funcs.setdefault(None, []).insert(0, _compress_response)
