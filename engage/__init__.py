"""Engage: participatory public engagement on technology policy."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from config import (
    DEV_SECRET_KEY,
    INSTANCE_DIR,
    Config,
    config_for_environment,
    production_trusted_hosts,
)

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

    from engage import extensions, params, request_size, security

    params.init_app(app)  # before the blueprints: their rules take its URL converters
    request_size.init_app(app)  # after params: its request class builds on params' one
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
    _import_models()
    _register_blueprints(app)

    from engage import (
        accounts,
        assets,
        cli,
        compression,
        errors,
        fragments,
        htmx,
        jobs,
        suspension,
        templating,
        timing,
        two_factor,
    )

    accounts.init_login(app)
    assets.init_app(app)
    compression.init_app(app)
    security.init_app(app)
    suspension.init_app(app)
    templating.init_app(app)
    fragments.init_app(app)
    htmx.init_app(app)
    errors.init_app(app)
    jobs.init_app(app)
    cli.init_app(app)
    timing.init_app(app)
    two_factor.init_app(app)
    _commit_per_request(app)
    return app


def _refuse_unsafe_production(app: Flask) -> None:
    if app.config["ENV_NAME"] != "production":
        return
    if not app.config.get("TRUSTED_HOSTS"):
        # Requests for another host get 400, so nothing can be built on a forged Host.
        app.config["TRUSTED_HOSTS"] = production_trusted_hosts(app.config["BASE_URL"])
    from engage.security import secret_key_problem

    key = app.config.get("SECRET_KEY") or ""
    problem = "is the development key" if key == DEV_SECRET_KEY else secret_key_problem(key)
    if problem:
        raise RuntimeError(
            f"Refusing to start in production: SECRET_KEY {problem}. Set SECRET_KEY to a "
            "random string of at least 32 characters, for example the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'."
        )


MODEL_MODULES = (
    "engage.accounts.models",
    "engage.accounts.events",
    "engage.accounts.sessions",
    "engage.accounts.lockout",
    "engage.audit.models",
    "engage.consultations.models",
    "engage.proposals.models",
    "engage.comments.models",
    "engage.coauthors.models",
    "engage.amendments.models",
    "engage.guidelines.models",
    "engage.moderation.decision_models",
    "engage.drafts.models",
    "engage.outcomes.models",
    "engage.moderation.models",
    "engage.notifications.models",
    "engage.two_factor.models",
)


def _import_models() -> None:
    """Every table is known to SQLAlchemy and Alembic, whichever routes exist."""
    import importlib

    for name in MODEL_MODULES:
        importlib.import_module(name)


def _register_blueprints(app: Flask) -> None:
    from engage.accounts.routes import bp as accounts_bp
    from engage.admin.routes import bp as admin_bp
    from engage.amendments.routes import bp as amendments_bp
    from engage.api.routes import bp as api_bp
    from engage.assisted.routes import bp as assisted_bp
    from engage.coauthors.routes import bp as coauthors_bp
    from engage.comments.routes import bp as comments_bp
    from engage.consultations.routes import bp as consultations_bp
    from engage.guidelines.routes import bp as guidelines_bp
    from engage.main.routes import bp as main_bp
    from engage.moderation import load_routes as moderation_routes
    from engage.notifications import load_routes as notifications_routes
    from engage.outcomes.tracker_routes import bp as outcomes_bp  # registers routes.py too
    from engage.preferences.routes import bp as preferences_bp
    from engage.proposals.routes import bp as proposals_bp
    from engage.readability import bp as readability_bp
    from engage.search.routes import bp as search_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(preferences_bp)
    app.register_blueprint(accounts_bp, url_prefix="/account")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(consultations_bp, url_prefix="/consultations")
    # Proposal URLs sit under their consultation or at /proposals/<id>; paths are in routes.
    app.register_blueprint(proposals_bp)
    app.register_blueprint(comments_bp, url_prefix="/comments")
    # Co-author URLs sit under their proposal; the paths are in its routes.
    app.register_blueprint(coauthors_bp)
    # Amendment URLs sit under their draft or at /amendments/<id>; paths are in its routes.
    app.register_blueprint(amendments_bp)
    app.register_blueprint(search_bp, url_prefix="/search")
    # Assisted input's URLs sit under their consultation; the paths are in its routes.
    app.register_blueprint(assisted_bp)
    app.register_blueprint(readability_bp)
    # Follow buttons, notices, email settings; also the worker/digest/notify-due commands.
    app.register_blueprint(notifications_routes())
    # Draft URLs sit under their consultation; the paths are in its routes.
    from engage.drafts import edit_routes  # noqa: F401 - adds the officials' routes to bp
    from engage.drafts.routes import bp as drafts_bp

    app.register_blueprint(drafts_bp)
    # Outcome URLs sit under consultations, proposals and /accountability; paths are in routes.
    app.register_blueprint(outcomes_bp)
    # Open data: /open-data and /consultations/<slug>/open-data; the paths are in its routes.
    from engage.opendata.routes import bp as opendata_bp

    app.register_blueprint(opendata_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(moderation_routes(), url_prefix="/moderation")
    app.register_blueprint(guidelines_bp, url_prefix="/guidelines")
    # Two-factor sign-in: /account/two-factor…; the paths are in its routes.
    from engage.two_factor.routes import bp as two_factor_bp

    app.register_blueprint(two_factor_bp)


def _commit_per_request(app: Flask) -> None:
    """The one place a request's writes are committed: successful responses only."""
    from engage import jobs
    from engage.extensions import db

    @app.after_request
    def commit_or_rollback(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
            jobs.discard_pending()
        return response
