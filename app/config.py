"""Configuration from the environment, with safe defaults for the embedded (SQLite) mode."""

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def load_secret_key(instance_path: Path) -> str:
    """Return the secret key generated once into the instance folder (when none is configured)."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given in the usual `postgres://` forms."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def settings_from_environment(instance_path: Path) -> dict:
    """Read the twelve-factor settings; each has a default that suits `make run` on one machine."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'coop.sqlite3'}"
    public_base_url = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        "DATABASE_URL": normalise_database_url(database_url),
        "PUBLIC_BASE_URL": public_base_url.rstrip("/"),
        "MAIL_URL": os.environ.get("MAIL_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Co-op Learning <no-reply@localhost>"),
        "COURSES_PATH": os.environ.get("COURSES_PATH", str(PROJECT_ROOT / "courses")),
        "BADGES_PATH": os.environ.get("BADGES_PATH", str(PROJECT_ROOT / "badges")),
        # How many reverse proxies stand in front of the app (their X-Forwarded-* are trusted).
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "COURSES_AUTO_RELOAD": os.environ.get("COURSES_AUTO_RELOAD", "") in {"1", "true", "yes"},
        # Badge checks (the verify page and API) allowed per address within the window.
        "VERIFY_RATE_LIMIT": int(os.environ.get("VERIFY_RATE_LIMIT", "60")),
        "VERIFY_RATE_WINDOW_SECONDS": int(os.environ.get("VERIFY_RATE_WINDOW_SECONDS", "300")),
        "SESSION_COOKIE_SECURE": public_base_url.startswith("https://"),
        "REMEMBER_COOKIE_SECURE": public_base_url.startswith("https://"),
    }


DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    # Uploads (baked badges) are small; anything larger is refused with 413.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "PASSWORD_RESET_MAX_AGE": 60 * 60,
    "LOGIN_FAILURE_LIMIT": 10,
    "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
}
