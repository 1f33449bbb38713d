"""Errors as JSON for API addresses, whatever raised them (routing, rate limits, views)."""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from engage.errors import with_error_headers

PREFIX = "/api/"
CORS_METHODS = ("GET", "HEAD", "OPTIONS")


def is_api_request() -> bool:
    return request.path.startswith(PREFIX)


def allow_any_origin(response):
    """Anyone's page may read the API: no cookies, no credentials, read methods only."""
    if request.method in CORS_METHODS:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = ", ".join(CORS_METHODS)
        response.headers["Access-Control-Max-Age"] = "86400"
        response.headers["Access-Control-Expose-Headers"] = (
            "Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
        )
    return response


def api_answer(code: int, error: Exception | None = None):
    """Errors on API addresses are JSON, not pages (engage.errors asks here first)."""
    return json_error(code, error) if is_api_request() else None


def json_error(code: int, error: Exception | None = None, detail: str | None = None):
    if detail is None and isinstance(error, HTTPException) and error.description:
        detail = str(error.description)
    body = {
        "error": {
            "status": code,
            "title": HTTP_STATUS_CODES.get(code, "Error"),
            "detail": detail or HTTP_STATUS_CODES.get(code, "Error"),
        }
    }
    response = jsonify(body)
    response.status_code = code
    return allow_any_origin(with_error_headers(response, code, error))
