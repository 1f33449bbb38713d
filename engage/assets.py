"""Static files under content-hashed names, compressed once, cached for a year.

At startup every file in static/ gets a second name carrying the first 8 hex digits
of its SHA-256 (css/app.css -> css/app.1a2b3c4d.css). Templates link with
``asset("css/app.css")``, so a changed file gets a new URL and browsers may keep each
version forever. Text files are compressed once, at the highest brotli and gzip levels,
instead of on every request. The plain names still work, with a short cache.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import brotli
from flask import Flask, current_app, request, session, url_for

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
COMPRESSIBLE = {
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "text/plain",
}
MIN_COMPRESS_SIZE = 500
ENCODINGS = ("br", "gzip")
HASHED_NAME = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{8}(?P<suffix>\.[A-Za-z0-9]+)$")


@dataclass(frozen=True)
class Asset:
    path: str  # relative to static/, with forward slashes
    digest: str  # SHA-256 hex of the content
    mimetype: str
    body: bytes
    mtime: float
    encoded: dict[str, bytes] = field(default_factory=dict)

    @property
    def hashed_path(self) -> str:
        stem, dot, suffix = self.path.rpartition(".")
        if not dot or "/" in suffix:
            return f"{self.path}.{self.digest[:8]}"
        return f"{stem}.{self.digest[:8]}.{suffix}"


@lru_cache(maxsize=256)
def _compress(digest: str, body: bytes) -> dict[str, bytes]:
    """Keyed by content, so several apps in one process (tests) compress once."""
    return {
        "br": brotli.compress(body, quality=11),
        "gzip": gzip.compress(body, compresslevel=9, mtime=0),
    }


def _load(folder: Path, file: Path) -> Asset:
    body = file.read_bytes()
    digest = hashlib.sha256(body).hexdigest()
    mimetype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    encoded = {}
    if mimetype in COMPRESSIBLE and len(body) >= MIN_COMPRESS_SIZE:
        encoded = _compress(digest, body)
    path = file.relative_to(folder).as_posix()
    return Asset(path, digest, mimetype, body, file.stat().st_mtime, encoded)


def _files(folder: Path) -> list[Path]:
    """Every file, skipping hidden ones (editor swap files, .gitkeep)."""
    return [
        f
        for f in sorted(folder.rglob("*"))
        if f.is_file() and not any(p.startswith(".") for p in f.relative_to(folder).parts)
    ]


class Manifest:
    """Every file under one folder by its plain and its hashed name."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.by_path: dict[str, Asset] = {}
        self.by_hashed: dict[str, Asset] = {}
        self.build()

    def build(self) -> None:
        assets = [_load(self.folder, f) for f in _files(self.folder)]
        self.by_path = {a.path: a for a in assets}
        self.by_hashed = {a.hashed_path: a for a in assets}

    def refresh_if_changed(self) -> None:
        """Development: pick up edited, added or removed files without a restart."""
        files = _files(self.folder)
        current = {f.relative_to(self.folder).as_posix(): f.stat().st_mtime for f in files}
        if current != {path: a.mtime for path, a in self.by_path.items()}:
            self.build()

    def as_dict(self) -> dict[str, str]:
        return {path: a.hashed_path for path, a in self.by_path.items()}

    def lookup(self, filename: str) -> tuple[Asset, bool] | None:
        """The asset behind a requested name, and whether that name is its current hash.

        A hash that does not match (a page from before a deploy) still gets the file, with
        a short cache, rather than a missing stylesheet.
        """
        if filename in self.by_hashed:
            return self.by_hashed[filename], True
        if filename in self.by_path:
            return self.by_path[filename], False
        match = HASHED_NAME.match(filename)
        if match and match["stem"] + match["suffix"] in self.by_path:
            return self.by_path[match["stem"] + match["suffix"]], False
        return None


def manifest() -> Manifest:
    found = current_app.extensions["engage_assets"]
    if current_app.debug:
        found.refresh_if_changed()
    return found


def asset(path: str) -> str:
    """URL of a static file under its content-hashed name (for templates)."""
    known = manifest().by_path.get(path)
    return url_for("static", filename=known.hashed_path if known else path)


def _preferred_encoding(asset: Asset) -> str | None:
    offered = [e for e in ENCODINGS if e in asset.encoded]
    accepted = request.accept_encodings
    best = max(offered, key=lambda e: accepted[e], default=None)
    return best if best and accepted[best] > 0 else None


def serve_static(filename: str):
    """Replaces Flask's static view: hashed names, precompressed bodies, cache headers."""
    found = manifest().lookup(filename)
    if found is None:
        return current_app.send_static_file(filename)
    asset, current_hash = found
    encoding = _preferred_encoding(asset)
    body = asset.encoded[encoding] if encoding else asset.body
    response = current_app.response_class(body, mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Cache-Control"] = IMMUTABLE if current_hash else SHORT_CACHE
    response.set_etag(f"{asset.digest[:20]}-{encoding or 'identity'}")
    return response.make_conditional(request)


def _vary_only_on_encoding(response):
    """A static file is the same for everyone: no Vary on Cookie or HX-Request.

    Flask-Login reads the session on every response, so Flask would add Vary: Cookie,
    and a browser would fetch the file again whenever the session cookie changed.
    """
    if request.endpoint == "static" and response.status_code in (200, 304):
        if not session.modified:
            session.accessed = False
        response.headers["Vary"] = "Accept-Encoding"
    return response


def init_app(app: Flask) -> None:
    app.extensions["engage_assets"] = Manifest(app.static_folder)
    app.view_functions["static"] = serve_static
    app.jinja_env.globals["asset"] = asset
    # First in the list, so it runs after every other after_request hook.
    app.after_request_funcs.setdefault(None, []).insert(0, _vary_only_on_encoding)
