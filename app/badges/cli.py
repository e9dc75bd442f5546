"""`flask badges`: the signing keys behind Open Badges."""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.badges.keys import current_signing_key, generate_signing_key, rotate_signing_key
from app.extensions import db

badges_cli = AppGroup("badges", help="Open Badges: the keys that sign them.")


def _keys_dir() -> Path:
    return Path(current_app.instance_path) / "keys"


@badges_cli.command("keygen")
def badges_keygen() -> None:
    """Generate the first signing key; refuses when a current key exists."""
    existing = current_signing_key(db.session)
    if existing is not None:
        raise click.ClickException(
            f"A current signing key already exists ({existing.kid}); "
            "use `flask badges rotate-key` to replace it."
        )
    key = generate_signing_key(db.session, _keys_dir(), now=datetime.now(UTC))
    db.session.commit()
    click.echo(f"Signing key {key.kid} generated; its private key is in {_keys_dir()}.")


@badges_cli.command("rotate-key")
def badges_rotate_key() -> None:
    """Make a new signing key current; the old one stays published so its badges still verify."""
    old = current_signing_key(db.session)
    key = rotate_signing_key(db.session, _keys_dir(), now=datetime.now(UTC))
    db.session.commit()
    retired = f"; {old.kid} is retired but still published" if old is not None else ""
    click.echo(f"Signing key {key.kid} is now current{retired}.")
