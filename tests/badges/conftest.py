"""Fixtures for Open Badges: a throwaway signing key, never one from the instance folder."""

import pytest

from app.badges.keys import generate_signing_key, load_private_key


@pytest.fixture
def keys_dir(tmp_path):
    return tmp_path / "keys"


@pytest.fixture
def signing_key(db, keys_dir, now):
    """A current signing key whose private half lives in this test's temporary folder."""
    return generate_signing_key(db, keys_dir, now)


@pytest.fixture
def private_key(signing_key, keys_dir):
    return load_private_key(keys_dir, signing_key.kid)
