"""Response headers and redirect safety shared by every route."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from engage import branding

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For and -Proto from TRUSTED_PROXIES proxies in front of the site.

    Rate limits then count each visitor's own address, not the proxy's. The host is never
    taken from X-Forwarded-Host: a proxy that doesn't set it would pass a forged one on.
    """
    hops = app.config.get("TRUSTED_PROXIES") or 0
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def content_security_policy(app: Flask) -> str:
    """The policy, allowing a logo on another host (SITE_LOGO_URL, engage.branding)."""
    branding = app.extensions.get("branding")
    if branding is None or not branding.logo_source:
        return CONTENT_SECURITY_POLICY
    logo = branding.logo_source
    return CONTENT_SECURITY_POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {logo}")


def init_app(app: Flask) -> None:
    trust_proxies(app)
    branding.init_app(app)
    headers = {**SECURITY_HEADERS, "Content-Security-Policy": content_security_policy(app)}

    @app.after_request
    def set_security_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


# Production SECRET_KEY: long, and not guessable. zxcvbn estimates the guesses an attacker
# needs, knowing dictionaries, repeats, sequences and keyboard walks; random 32-character
# keys score 10^27 or more (3,000 hex keys tried), "password" * 4 scores 10^1. Words of 4
# letters or more also may not make up 40% of the key: random keys stay under a third,
# "my-secret-key-for-engage" style phrases score well but are words.
SECRET_KEY_MIN_LENGTH = 32
SECRET_KEY_MIN_GUESSES_LOG10 = 24
SECRET_KEY_MAX_WORD_SHARE = 0.4
# zxcvbn refuses longer input; a prefix this long already says whether the key is random.
_ZXCVBN_MAX_LENGTH = 72


def secret_key_problem(key: str | None) -> str | None:
    """Why this SECRET_KEY is not good enough for production; None when it is."""
    key = key or ""
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"is shorter than {SECRET_KEY_MIN_LENGTH} characters"
    from zxcvbn import zxcvbn  # here: 0.14 s of word lists only a production start needs

    estimate = zxcvbn(key[:_ZXCVBN_MAX_LENGTH])
    if estimate["guesses_log10"] < SECRET_KEY_MIN_GUESSES_LOG10:
        return "is too easy to guess (a repeated character, a pattern or common words)"
    words = sum(
        len(match["token"])
        for match in estimate["sequence"]
        if match["pattern"] == "dictionary" and len(match["token"]) >= 4
    )
    if words >= SECRET_KEY_MAX_WORD_SHARE * min(len(key), _ZXCVBN_MAX_LENGTH):
        return "is too easy to guess (it is made of dictionary words)"
    return None


def safe_next_url(target: str | None, default: str) -> str:
    """Only same-site relative paths; anything that could leave the site falls back."""
    if not target:
        return default
    target = target.strip()
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
