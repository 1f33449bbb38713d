"""Extensions, created unbound and attached in ``create_app``."""

from __future__ import annotations

from flask import current_app
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()
limiter = Limiter(key_func=get_remote_address, strategy="fixed-window")


def user_rate_limit_key() -> str:
    """Rate-limit signed-in people by account, so a shared address doesn't block a whole office."""
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def per_person_limit(setting: str, scope: str, **options):
    """The limit in configuration ``setting``, per person, shared by the routes of ``scope``."""
    return limiter.shared_limit(
        lambda: current_app.config[setting], scope=scope, key_func=user_rate_limit_key, **options
    )


def _posted(response) -> bool:
    """Only text actually posted counts towards the limit, not forms sent back with errors."""
    return response.status_code == 303


def posting_limit(scope: str):
    """The budget of posts (RATELIMIT_POST) that the routes of ``scope`` share, per person."""
    return per_person_limit("RATELIMIT_POST", scope, methods=["POST"], deduct_when=_posted)
