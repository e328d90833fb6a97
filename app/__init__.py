"""Primer: a customer-education portal that qualifies leads."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_DIR, Config, config_for, development_secret_key


def create_app(config: type[Config] | str | None = None, **overrides: Any) -> Flask:
    """Build the application: settings, extensions, signal receivers, background tasks, blueprints,
    error pages, commands."""
    config_class = config if isinstance(config, type) else config_for(config)
    app = Flask(
        __name__,
        template_folder="../templates",
        instance_path=str(INSTANCE_DIR),
        instance_relative_config=True,
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    prepare_settings(app, config_class)

    register_extensions(app)
    register_signals()
    register_tasks(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    configure_logging(app)
    return app


def prepare_settings(app: Flask, config_class: type[Config]) -> None:
    """Fill the settings that need the file system, then refuse to run with unsafe ones."""
    from app.core.links import parse_base_url, trusted_hosts

    if not app.config.get("SECRET_KEY") and config_class.ENV_NAME == "development":
        app.config["SECRET_KEY"] = development_secret_key(Path(app.instance_path))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        private_database_file(Path(app.config["SQLALCHEMY_DATABASE_URI"][len("sqlite:///"):]))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A file, not a server: no connection to recycle.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    if app.config["CELERY_BROKER_URL"].startswith("sqla+sqlite:///"):
        private_database_file(Path(app.config["CELERY_BROKER_URL"][len("sqla+sqlite:///"):]))
    if app.config["MAIL_BACKEND"] == "app.mailer.LogEmailBackend":  # its name before core/ existed
        app.config["MAIL_BACKEND"] = "app.core.mailer.LogEmailBackend"
    config_class.validate_app(app.config)
    parse_base_url(app.config["PRIMER_BASE_URL"])
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(
            app.config["PRIMER_BASE_URL"], development=config_class.ENV_NAME == "development")


def private_database_file(path: Path) -> None:
    """Create the SQLite file readable by its owner only (it holds password hashes and personal
    data); SQLite gives its journal files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


def register_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (every model registered before the metadata is used)
    from app.accounts.login import load_user
    from app.billing import gateway
    from app.core.extensions import csrf, db, limiter, login_manager, mail, migrate
    from app.core.i18n import init_i18n
    from app.core.security import init_security, limit_request_body
    from app.crm import hubspot

    db.init_app(app)
    migrate.init_app(app, db)
    app.before_request(limit_request_body)
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    init_security(app)
    init_i18n(app)
    gateway.init_app(app)
    hubspot.init_app(app)
    if app.config["PROXY_COUNT"]:
        # Behind a TLS proxy: trust its X-Forwarded-For/Proto/Host, so client addresses (rate
        # limits) and https links are right.
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)


def register_signals() -> None:
    """Connect the areas' receivers to the domain signals (core.signals). Signals belong to the
    process, not to one app: connecting again for another app changes nothing."""
    from app.accounts import welcome
    from app.billing import mail as billing_mail
    from app.crm import signals as crm
    from app.learning import mail as learning_mail
    from app.scoring import alerts

    crm.connect()
    welcome.connect()
    learning_mail.connect()
    billing_mail.connect()
    alerts.connect()


def register_tasks(app: Flask) -> None:
    """Each area's background tasks (and their schedules), then the Celery app that runs them
    (`app.extensions["celery"]`)."""
    from app.accounts import tasks as accounts  # noqa: F401
    from app.core import mailer, worker  # noqa: F401
    from app.crm import tasks as crm  # noqa: F401
    from app.library import tasks as library  # noqa: F401
    from app.scoring import alerts  # noqa: F401

    worker.celery_init_app(app)


def register_blueprints(app: Flask) -> None:
    """Each area's web face; the URL each view answers is written beside it (`@bp.route`)."""
    from app.accounts.web import bp as accounts
    from app.authoring.web import bp as authoring
    from app.billing.web import bp as billing
    from app.core.extensions import IdConverter
    from app.courses.web import bp as courses
    from app.crm.web import bp as crm
    from app.learning.web import bp as learning
    from app.library.web import bp as library
    from app.library.web import curate_bp as library_curate
    from app.scoring.web import bp as scoring
    from app.scoring.web import model_bp as scoring_model
    from app.site.web import bp as site

    app.url_map.converters["int"] = IdConverter  # before any rule is added: a rule binds its converters then
    for blueprint in (site, accounts, billing, courses, learning, library, crm):
        app.register_blueprint(blueprint)
    app.register_blueprint(authoring, url_prefix="/author")
    app.register_blueprint(library_curate, url_prefix="/author/library")  # an author page; the library's code
    app.register_blueprint(scoring_model, url_prefix="/author/scoring")  # an author page; scoring's code
    app.register_blueprint(scoring, url_prefix="/sales")


def register_errorhandlers(app: Flask) -> None:
    from app.core.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from app.accounts.cli import users_cli
    from app.core.i18n import translations_cli
    from app.courses.cli import courses_cli
    from app.core.worker import worker_command
    from app.crm.cli import crm_cli
    from app.demo.cli import demo_cli
    from app.scoring.cli import scoring_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(scoring_cli)
    app.cli.add_command(crm_cli)
    app.cli.add_command(translations_cli)
    app.cli.add_command(worker_command)


def configure_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app.logger.setLevel(logging.INFO)
