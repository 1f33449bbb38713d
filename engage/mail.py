"""The one mail module: console and ``instance/outbox`` in development, SMTP with MAIL_URL."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app, render_template

from engage import jobs
from engage.database import utcnow
from engage.i18n import force_locale
from engage.text import one_line

log = logging.getLogger(__name__)


def site_url(path: str) -> str:
    """An absolute address for an email: the path on the site's public address, BASE_URL.

    Never the request's host: the Host header is whatever the sender of the request typed,
    so a reset link built from it can point anywhere (security finding 1).
    """
    base = current_app.config["BASE_URL"].rstrip("/")
    prefix = urlsplit(base).path
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix) :]  # url_for already put the site's prefix in
    return base + "/" + path.lstrip("/")


def external_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` as an absolute address on BASE_URL, in or out of a
    request (the map is bound to no request, so nothing from the request can leak in)."""
    current_app.inject_url_defaults(endpoint, values)
    return site_url(current_app.url_map.bind("engage.invalid").build(endpoint, values))


def build_message(
    to: str, subject: str, text: str, html: str | None = None, headers: dict | None = None
) -> EmailMessage:
    """Every header value is put on one line: subjects hold titles and names that people
    wrote, and an old row with a line break must neither fail the send nor add a header."""
    message = EmailMessage()
    message["From"] = one_line(current_app.config["MAIL_FROM"])
    message["To"] = one_line(to)
    message["Subject"] = one_line(subject)
    message["Message-ID"] = make_msgid(domain="engage.localhost")
    for name, value in (headers or {}).items():
        message[name] = one_line(value)
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send_template(to: str, subject: str, template: str, **context) -> None:
    """Render ``<template>.txt`` and ``<template>.html`` and send them once the request commits."""
    text = render_template(f"{template}.txt", **context)
    html = render_template(f"{template}.html", subject=subject, **context)
    message = build_message(to, subject, text, html)
    jobs.after_commit(deliver, message.as_bytes())


def send_to(person, subject, template: str, **context) -> None:
    """``send_template`` to a person, in their own language: ``subject`` comes lazily
    translated (``lazy_gettext``), so it is said in that language too."""
    with force_locale(person.locale):
        send_template(person.email, str(subject), template, **context)


def deliver(raw: bytes) -> None:
    """Hand a finished message to SMTP, or to the console and the outbox folder."""
    config = current_app.config
    if config.get("MAIL_URL"):
        _send_smtp(config["MAIL_URL"], raw)
        return
    outbox = Path(config["MAIL_OUTBOX"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = utcnow().strftime("%Y%m%dT%H%M%S.%f") + ".eml"
    (outbox / name).write_bytes(raw)
    if config.get("MAIL_TO_CONSOLE"):
        print(f"--- email written to {outbox / name} ---\n{raw.decode('utf-8', 'replace')}")


def _send_smtp(url: str, raw: bytes) -> None:
    # Short by default: a slow server holds up a worker (or, without Redis, a request).
    timeout = float(current_app.config.get("MAIL_TIMEOUT", 10))
    parts = urlsplit(url)
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    host = parts.hostname or "localhost"
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            host, parts.port or 465, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(host, parts.port or 25, timeout=timeout)
    with client:
        if parts.scheme == "smtp" and options.get("starttls", "0") in {"1", "true", "yes"}:
            client.starttls(context=ssl.create_default_context())
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))

        message = message_from_bytes(raw, policy=policy.default)
        client.send_message(message)
