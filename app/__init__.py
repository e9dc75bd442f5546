"""Co-op Learning: the application factory."""

import logging
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, g, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from app import config
from app.extensions import csrf, db, login_manager

LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def create_app(overrides: dict | None = None) -> Flask:
    """Create the application; `overrides` replace settings (tests pass their own)."""
    # INSTANCE_PATH moves the instance folder (database, keys, outbox) out of the checkout.
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None)
    instance_path = Path(app.instance_path)
    # The embedded database, keys and outbox live here (as in the Flask tutorial's factory).
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_mapping(config.settings_from_environment(instance_path))
    app.config.from_mapping(overrides or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.load_secret_key(instance_path)
    configure_logging()
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_template_filters(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def configure_logging() -> None:
    """Log the app's domain events at INFO; libraries stay at their own levels."""
    if not logging.root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("app").setLevel(logging.INFO)


def register_extensions(app: Flask) -> None:
    from app.courses.store import init_catalogue

    db.init_app(app)
    init_catalogue(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see this page."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        from app.models import User

        return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def register_blueprints(app: Flask) -> None:
    from app.admin.views import bp as admin_bp
    from app.api.views import bp as api_bp
    from app.auth.views import bp as auth_bp
    from app.author.views import bp as author_bp
    from app.badges.views import bp as badges_bp
    from app.feedback.views import bp as feedback_bp
    from app.learn.views import bp as learn_bp
    from app.main.views import bp as main_bp
    from app.verify.views import bp as verify_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(learn_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(badges_bp)
    app.register_blueprint(author_bp)
    app.register_blueprint(verify_bp)
    app.register_blueprint(api_bp)


def register_request_hooks(app: Flask) -> None:
    from app.security import apply_security_headers

    @app.before_request
    def remember_last_seen() -> None:
        # Written at most every few minutes, so that reading pages stays cheap.
        if current_user.is_authenticated and request.endpoint != "static":
            now = datetime.now(UTC)
            last = current_user.last_seen_at
            if last is None or now - last > LAST_SEEN_RESOLUTION:
                current_user.last_seen_at = now
                db.session.commit()
        g.now = datetime.now(UTC)

    app.after_request(apply_security_headers)


def register_template_filters(app: Flask) -> None:
    from markupsafe import Markup

    from app.courses.render import render_plain_markdown

    @app.template_filter("markdown")
    def markdown_filter(source: str) -> Markup:
        # Sanitised by nh3 and cached by content hash in the renderer.
        return Markup(render_plain_markdown(source or ""))  # noqa: S704


def register_error_handlers(app: Flask) -> None:
    from app.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)
