"""Engage: participatory public engagement on technology policy."""

from __future__ import annotations

import importlib
import os
import sys
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


def create_app(config: type[Config] | Config | None = None, *, migrations: bool = True) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI, errors.

    ``migrations=False`` (the web workers, wsgi.py) leaves out Flask-Migrate and the
    ``flask db`` commands: Alembic and Mako are 10 MiB in each worker that serving pages
    never uses. The command line (``flask --app engage``) and the tests have them."""
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

    # The factory imports engage's modules here, not at the top (so does every function
    # below): importing any module of engage runs this file first, and the features
    # import engage's shared modules, so at the top they would all load, half-built,
    # whenever one module is imported (by Alembic, the worker, a script).
    from engage import extensions, params, request_size, security

    params.init_app(app)  # before the blueprints: their rules take its URL converters
    request_size.init_app(app)  # after params: its request class builds on params' one
    extensions.db.init_app(app)
    from engage.database import include_in_migrations, render_migration_item  # see above

    if migrations:
        from flask_migrate import Migrate  # see the docstring

        Migrate().init_app(
            app,
            extensions.db,
            render_as_batch=True,
            compare_type=True,
            render_item=render_migration_item,
            include_object=include_in_migrations,
        )
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    from engage import i18n  # see above

    extensions.babel.init_app(app, locale_selector=i18n.select_locale)
    _import_models()
    _register_blueprints(app)

    # App-wide hooks, once the blueprints are in (see above for why they load here).
    from engage import (
        accounts,
        assets,
        cli,
        compression,
        errors,
        fragments,
        htmx,
        http_cache,
        jobs,
        suspension,
        templating,
        timing,
        two_factor,
        wiring,
    )
    from engage.staff import counts as staff_counts  # see above

    accounts.init_login(app)
    assets.init_app(app)
    compression.init_app(app)
    security.init_app(app)
    suspension.init_app(app)
    templating.init_app(app)
    fragments.init_app(app)
    staff_counts.init_app(app)
    htmx.init_app(app)
    http_cache.init_app(app)
    errors.init_app(app)
    jobs.init_app(app)
    cli.init_app(app)
    timing.init_app(app)
    two_factor.init_app(app)
    wiring.connect()  # how features plug into each other: signals, content kinds
    _commit_per_request(app)
    return app


def _refuse_unsafe_production(app: Flask) -> None:
    if app.config["ENV_NAME"] != "production":
        return
    if not app.config.get("TRUSTED_HOSTS"):
        # Requests for another host get 400, so nothing can be built on a forged Host.
        app.config["TRUSTED_HOSTS"] = production_trusted_hosts(app.config["BASE_URL"])
    from engage.security import secret_key_problem  # here: see create_app

    key = app.config.get("SECRET_KEY") or ""
    problem = "is the development key" if key == DEV_SECRET_KEY else secret_key_problem(key)
    _forget_modules("zxcvbn")  # its word lists (about 13 MiB) served their one purpose
    if problem:
        raise RuntimeError(
            f"Refusing to start in production: SECRET_KEY {problem}. Set SECRET_KEY to a "
            "random string of at least 32 characters, for example the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'."
        )


def _forget_modules(package: str) -> None:
    """Let a package that was needed only at start-up be collected, so that every worker
    does not carry it (issue 23: worker memory). Imported again if anything asks."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


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
    "engage.assisted.models",
    "engage.opinion_map.models",
    "engage.opinion_map.stored",
    "engage.ledger.models",
    "engage.privacy.models",
    "engage.surveys.models",
    "engage.demographics.models",
)


def _import_models() -> None:
    """Every table is known to SQLAlchemy and Alembic, whichever routes exist."""
    for name in MODEL_MODULES:
        importlib.import_module(name)


def _register_blueprints(app: Flask) -> None:
    """Every feature's blueprint, in one list.

    A feature defines ``bp`` in its package; its ``routes`` module (a package when there
    are several) adds every view to it, so importing ``routes`` gives the whole blueprint.
    A prefix of None keeps the paths written in the routes (proposals, drafts, outcomes…
    sit under their consultation; the API's /api/v1 is set on its blueprint).
    """
    # Every feature loads here, when the app is built, not when engage is imported
    # (see create_app).
    from engage import readability
    from engage.accounts import routes as accounts
    from engage.admin import routes as admin
    from engage.amendments import routes as amendments
    from engage.api import routes as api
    from engage.assisted import routes as assisted
    from engage.coauthors import routes as coauthors
    from engage.comments import routes as comments
    from engage.consultations import routes as consultations
    from engage.demographics import routes as demographics
    from engage.drafts import routes as drafts
    from engage.guidelines import routes as guidelines
    from engage.main import routes as main
    from engage.moderation import routes as moderation
    from engage.notifications import routes as notifications
    from engage.opendata import routes as opendata
    from engage.opinion_map import routes as opinion_map
    from engage.outcomes import routes as outcomes
    from engage.preferences import routes as preferences
    from engage.privacy import routes as privacy
    from engage.proposals import routes as proposals
    from engage.search import routes as search
    from engage.staff import routes as staff
    from engage.surveys import routes as surveys
    from engage.transparency import routes as transparency
    from engage.two_factor import routes as two_factor

    blueprints = (
        (main.bp, None),
        (preferences.bp, None),
        (accounts.bp, "/account"),
        (admin.bp, "/admin"),
        (consultations.bp, "/consultations"),
        (proposals.bp, None),
        (comments.bp, "/comments"),
        (coauthors.bp, None),
        (amendments.bp, None),
        (search.bp, "/search"),
        (assisted.bp, None),
        (readability.bp, None),
        (notifications.bp, None),
        (drafts.bp, None),
        (outcomes.bp, None),
        (opinion_map.bp, "/consultations"),
        (opendata.bp, None),
        (api.bp, None),
        (moderation.bp, "/moderation"),
        (guidelines.bp, "/guidelines"),
        (two_factor.bp, None),
        (staff.bp, "/staff"),
        (privacy.bp, None),
        (transparency.bp, None),
        (surveys.bp, None),
        (demographics.bp, None),
    )
    for bp, url_prefix in blueprints:
        app.register_blueprint(bp, url_prefix=url_prefix)
    if app.debug or app.config.get("PATTERNS"):
        # Development and tests only: production answers 404 at /patterns.
        from engage.patterns import routes as patterns

        app.register_blueprint(patterns.bp)


def _commit_per_request(app: Flask) -> None:
    """The one place a request's writes are committed: successful responses only."""
    # here: see create_app
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
