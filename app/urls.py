"""Absolute URLs for links that leave the site (emails, badges), and instance-folder paths."""

from pathlib import Path

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of `endpoint` at the deployment's PUBLIC_BASE_URL; needs no request."""
    path = current_app.url_map.bind("").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"] + path


def instance_outbox() -> Path:
    return Path(current_app.instance_path) / "outbox"
