"""Fixtures for verification: badges issued through the real issuing code and its public URLs."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app.badges import awards
from app.badges.keys import KEY_SIZE, generate_signing_key, load_private_key, public_keys_by_kid
from app.badges.store import current_badge_definitions
from app.badges.verify import verify
from app.courses.store import current_catalogue
from app.urls import public_url

BADGE = "co-production"


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    """One RSA key pair for the whole run: generating one takes about a second."""
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


@pytest.fixture
def issuer_key(app, db, now, rsa_key):
    """The current signing key, its private half where the issuing views look for it."""
    key = generate_signing_key(db, Path(app.instance_path) / "keys", now, private_key=rsa_key)
    db.commit()
    return key


@pytest.fixture
def issuer_private_key(app, issuer_key):
    return load_private_key(Path(app.instance_path) / "keys", issuer_key.kid)


@pytest.fixture
def issue(db, make_user, issuer_key, now):
    """Award a badge to a new learner through the issuing code; returns the award."""

    def make(email: str | None = None, badge_slug: str = BADGE, name: str = "Ada Lovelace"):
        user = make_user(email)
        user.name = name
        award = awards.award_manually(
            db, current_catalogue(), current_badge_definitions(), user, badge_slug, now
        )
        db.commit()
        return award

    return make


@pytest.fixture
def download(client):
    """Fetch one of an award's public downloads (`badge.png`, `signed.jws`, ...) as bytes."""

    def fetch(award, name: str, **query) -> bytes:
        response = client.get(f"/badges/assertions/{award.public_id}/{name}", query_string=query)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.data

    return fetch


@pytest.fixture
def check(db):
    """Verify `data` as the views do, at `now` (default: the present)."""

    def run(data, email: str | None = None, now: datetime | None = None):
        return verify(
            db,
            data,
            email,
            now or datetime.now(UTC),
            keys=public_keys_by_kid(db),
            url=public_url,
            issuer_name=current_badge_definitions().issuer.name,
        )

    return run
