"""Configuration: production safety checks, database URLs, environment choice."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config import (
    DEV_SECRET_KEY,
    DevelopmentConfig,
    ProductionConfig,
    TestingConfig,
    _normalise_db_url,
    config_for_environment,
)
from engage.security import secret_key_problem
from tests.apps import PRODUCTION_SECRET_KEY, separate_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("key", [DEV_SECRET_KEY, "short-key", "", None])
def test_production_refuses_a_missing_dev_or_short_secret_key(tmp_path, key):
    with (
        pytest.raises(RuntimeError) as refused,
        separate_app(ProductionConfig, tmp_path, SECRET_KEY=key),
    ):
        pass
    message = str(refused.value)
    assert "SECRET_KEY" in message
    assert "at least 32 characters" in message


@pytest.mark.parametrize(
    "key",
    [
        "k" * 40,
        "ab" * 20,
        "0123456789" * 4,
        "password" * 4,
        "qwertyuiopasdfghjklzxcvbnm1234567890",
        "correcthorsebatterystaplecorrecthorse",
        "MySecretKeyForTheEngagePlatform2024",
        "engage-production-secret-key-2024!!",
        "this-is-my-super-secret-key-for-engage-production",
    ],
)
def test_production_refuses_a_long_but_guessable_secret_key(tmp_path, key):
    """Security review ("Also"): one repeated character, a pattern or dictionary words are
    refused in production however long they are, not only short keys."""
    with (
        pytest.raises(RuntimeError) as refused,
        separate_app(ProductionConfig, tmp_path, SECRET_KEY=key),
    ):
        pass
    message = str(refused.value)
    assert "SECRET_KEY" in message and "too easy to guess" in message
    assert "secrets.token_urlsafe(32)" in message


@pytest.mark.parametrize("make", [lambda: secrets.token_hex(16), lambda: secrets.token_urlsafe(32)])
def test_production_accepts_random_secret_keys(make):
    """Random keys in the usual formats always pass (200 of each tried)."""
    for _ in range(200):
        key = make()
        assert secret_key_problem(key) is None, key


def test_production_starts_with_a_long_secret_key(tmp_path):
    with separate_app(
        ProductionConfig,
        tmp_path,
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        BASE_URL="https://engage.example.gov",
    ) as prod:
        assert prod.config["ENV_NAME"] == "production"
        assert prod.config["SESSION_COOKIE_SECURE"] is True
        assert prod.config["MAIL_TO_CONSOLE"] is False
        assert prod.config["TRUSTED_HOSTS"] == ["engage.example.gov"]
        response = prod.test_client().get("/healthz", base_url="https://engage.example.gov")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_development_starts_with_the_dev_key(tmp_path):
    with separate_app(DevelopmentConfig, tmp_path, SECRET_KEY=DEV_SECRET_KEY) as dev:
        assert dev.config["ENV_NAME"] == "development"
        assert dev.config["PASSWORD_HASH_METHOD"] == "scrypt"
        assert dev.test_client().get("/healthz").status_code == 200


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/engage", "postgresql+psycopg://u:p@db:5432/engage"),
        ("postgresql://u:p@db/engage", "postgresql+psycopg://u:p@db/engage"),
        ("postgresql+psycopg://u@db/engage", "postgresql+psycopg://u@db/engage"),
        ("sqlite:///instance/engage.db", "sqlite:///instance/engage.db"),
    ],
)
def test_database_urls_are_normalised_to_psycopg3(given, expected):
    assert _normalise_db_url(given) == expected


def test_database_url_from_the_environment_is_normalised():
    # A fresh interpreter: config reads the environment once, at import.
    env = {**os.environ, "DATABASE_URL": "postgres://u:p@db:5432/engage"}
    result = subprocess.run(
        [sys.executable, "-c", "import config; print(config.Config.SQLALCHEMY_DATABASE_URI)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "postgresql+psycopg://u:p@db:5432/engage"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("development", DevelopmentConfig),
        ("production", ProductionConfig),
        (" Testing ", TestingConfig),
    ],
)
def test_engage_env_picks_the_config(monkeypatch, name, expected):
    monkeypatch.setenv("ENGAGE_ENV", name)
    assert config_for_environment() is expected


def test_unknown_engage_env_is_an_error(monkeypatch):
    monkeypatch.setenv("ENGAGE_ENV", "staging")
    with pytest.raises(RuntimeError, match="ENGAGE_ENV must be one of"):
        config_for_environment()


def test_rate_limits_use_redis_when_configured():
    class WithRedis(ProductionConfig):
        REDIS_URL = "redis://cache:6379/0"

    assert WithRedis().RATELIMIT_STORAGE_URI == "redis://cache:6379/0"
    assert ProductionConfig().RATELIMIT_STORAGE_URI in ("memory://", ProductionConfig.REDIS_URL)
