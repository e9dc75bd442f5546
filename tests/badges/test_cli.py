"""`flask badges keygen` and `flask badges rotate-key`."""

import stat
from pathlib import Path

from sqlalchemy import select

from app.badges.keys import current_signing_key, load_private_key
from app.models import SigningKey


def keys_dir(app) -> Path:
    return Path(app.instance_path) / "keys"


def test_keygen_makes_the_first_key_in_the_instance_folder(app, runner, db):
    result = runner.invoke(args=["badges", "keygen"])
    assert result.exit_code == 0, result.output
    key = current_signing_key(db)
    assert f"Signing key {key.kid} generated" in result.output
    assert "PRIVATE" not in result.output
    key_file = keys_dir(app) / f"{key.kid}.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_private_key(keys_dir(app), key.kid).key_size == 3072


def test_keygen_refuses_when_a_current_key_exists(runner, db):
    runner.invoke(args=["badges", "keygen"])
    first = current_signing_key(db)
    result = runner.invoke(args=["badges", "keygen"])
    assert result.exit_code == 1
    assert f"A current signing key already exists ({first.kid})" in result.output
    assert "rotate-key" in result.output
    assert db.scalars(select(SigningKey)).all() == [first]


def test_rotate_key_retires_the_old_key_and_keeps_it(app, runner, db):
    runner.invoke(args=["badges", "keygen"])
    old = current_signing_key(db)
    result = runner.invoke(args=["badges", "rotate-key"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    new = current_signing_key(db)
    assert new.kid != old.kid
    assert f"Signing key {new.kid} is now current; {old.kid} is retired" in result.output
    assert not old.is_current and old.retired_at is not None
    assert {path.stem for path in keys_dir(app).iterdir()} == {old.kid, new.kid}


def test_rotate_key_without_a_key_makes_the_first(runner, db):
    result = runner.invoke(args=["badges", "rotate-key"])
    assert result.exit_code == 0, result.output
    assert "retired" not in result.output
    assert current_signing_key(db) is not None
