"""The site's Ed25519 key for tree heads: from configuration, never from the database.

``LEDGER_SIGNING_KEY`` holds the private key (PEM, or the 32-byte seed in base64);
``LEDGER_SIGNING_KEY_FILE`` names a PEM file instead. Without either, development makes
a key once in the instance folder (instance/ledger-dev-key.pem) and tests make one per
process; production refuses to sign until a key is set.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app

_EXTENSION = "engage.ledger.key"
DEV_KEY_FILE = "ledger-dev-key.pem"


class SigningKeyError(RuntimeError):
    """No usable signing key: str() says what to set."""


def private_key() -> Ed25519PrivateKey:
    extensions = current_app.extensions
    if _EXTENSION not in extensions:
        extensions[_EXTENSION] = _load()
    return extensions[_EXTENSION]


def public_key_bytes() -> bytes:
    return (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def public_key_pem() -> str:
    return (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id(raw_public_key: bytes | None = None) -> str:
    return hashlib.sha256(raw_public_key or public_key_bytes()).hexdigest()


def sign(message: bytes) -> bytes:
    return private_key().sign(message)


def parse_private_key(text: str) -> Ed25519PrivateKey:
    """A PEM private key, or the raw 32-byte seed in base64."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(text.encode(), password=None)
        except (ValueError, TypeError) as error:
            raise SigningKeyError(
                f"LEDGER_SIGNING_KEY is not a readable PEM key: {error}"
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError("LEDGER_SIGNING_KEY must be an Ed25519 key")
        return key
    try:
        seed = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise SigningKeyError(
            "LEDGER_SIGNING_KEY must be a PEM Ed25519 private key or 32 bytes in base64"
        )
    return Ed25519PrivateKey.from_private_bytes(seed)


def new_key_pem() -> str:
    """A fresh private key as PEM (``flask ledger new-key``)."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def _load() -> Ed25519PrivateKey:
    config = current_app.config
    if config.get("LEDGER_SIGNING_KEY"):
        return parse_private_key(config["LEDGER_SIGNING_KEY"])
    if config.get("LEDGER_SIGNING_KEY_FILE"):
        path = Path(config["LEDGER_SIGNING_KEY_FILE"])
        try:
            return parse_private_key(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise SigningKeyError(f"LEDGER_SIGNING_KEY_FILE cannot be read: {error}") from None
    if config["ENV_NAME"] == "production":
        raise SigningKeyError(
            "No ledger signing key: set LEDGER_SIGNING_KEY or LEDGER_SIGNING_KEY_FILE "
            "(make one with `flask ledger new-key`)."
        )
    if config.get("TESTING"):
        return Ed25519PrivateKey.generate()
    return _development_key(Path(current_app.instance_path) / DEV_KEY_FILE)


def _development_key(path: Path) -> Ed25519PrivateKey:
    # One key for every process of a development site (web, worker, cron), so heads
    # signed by each check against the same published key.
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as file:
                file.write(new_key_pem())
            path.chmod(0o600)
        except FileExistsError:
            pass  # another process made it first
    return parse_private_key(path.read_text(encoding="utf-8"))
