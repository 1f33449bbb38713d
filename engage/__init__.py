"""Engage: participatory public engagement on technology policy."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from config import DEV_SECRET_KEY, INSTANCE_DIR, Config, config_for_environment

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | Config | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI, errors."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    config = config or config_for_environment()
    app.config.from_object(config() if isinstance(config, type) else config)
    _refuse_unsafe_production(app)
    os.makedirs(app.instance_path, exist_ok=True)

    from engage import extensions, security

    extensions.db.init_app(app)
    from engage.database import include_in_migrations, render_migration_item

    extensions.migrate.init_app(
        app,
        extensions.db,
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_item,
        include_object=include_in_migrations,
    )
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    from engage import i18n

    extensions.babel.init_app(app, locale_selector=i18n.select_locale)
    _register_blueprints(app)

    from engage import accounts, cli, errors, htmx, jobs, templating

    accounts.init_login(app)
    security.init_app(app)
    templating.init_app(app)
    htmx.init_app(app)
    errors.init_app(app)
    jobs.init_app(app)
    cli.init_app(app)
    _commit_per_request(app)
    return app


def _refuse_unsafe_production(app: Flask) -> None:
    if app.config["ENV_NAME"] != "production":
        return
    key = app.config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < 32:
        raise RuntimeError(
            "Refusing to start in production without a real SECRET_KEY "
            "(set SECRET_KEY to a random string of at least 32 characters)."
        )


def _register_blueprints(app: Flask) -> None:
    from engage.accounts.routes import bp as accounts_bp
    from engage.admin.routes import bp as admin_bp
    from engage.main.routes import bp as main_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp, url_prefix="/account")
    app.register_blueprint(admin_bp, url_prefix="/admin")


def _commit_per_request(app: Flask) -> None:
    """The one place a request's writes are committed: successful responses only."""
    from engage.extensions import db

    @app.after_request
    def commit_or_rollback(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
