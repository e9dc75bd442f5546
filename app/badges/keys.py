"""Signing keys: RSA key pairs, private halves in files, public halves in the database and JWKS."""

import logging
import os
import re
import secrets
from base64 import urlsafe_b64encode
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import SigningKey

logger = logging.getLogger(__name__)

KEY_SIZE = 3072
KID_PATTERN = re.compile(r"key-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}")


class PrivateKeyMissing(LookupError):
    """The private half of a signing key is not in the keys folder."""


def generate_signing_key(
    session: Session,
    keys_dir: Path,
    now: datetime,
    private_key: rsa.RSAPrivateKey | None = None,
) -> SigningKey:
    """Create a key pair: the private key into `keys_dir`, the public key into the database.

    A key pair made elsewhere may be passed in (tests reuse a few, as RSA generation is slow).
    The key becomes current only when there is no current key yet.
    """
    kid = f"key-{now:%Y-%m-%d}-{secrets.token_hex(3)}"
    if private_key is None:
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    elif private_key.key_size < KEY_SIZE:
        raise ValueError(f"signing keys must be RSA {KEY_SIZE} or stronger")
    _write_private_key(keys_dir, kid, private_key)
    key = SigningKey(
        kid=kid,
        public_key_pem=private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii"),
        created_at=now,
        is_current=current_signing_key(session) is None,
    )
    session.add(key)
    session.flush()
    logger.info("Signing key %s generated (current: %s)", kid, key.is_current)
    return key


def rotate_signing_key(session: Session, keys_dir: Path, now: datetime) -> SigningKey:
    """Make a new key current and retire the old one, which stays published for verification."""
    old = current_signing_key(session)
    if old is not None:
        old.is_current = False
        old.retired_at = now
        # Flushed first: the database allows only one current key at a time.
        session.flush()
        logger.info("Signing key %s retired", old.kid)
    return generate_signing_key(session, keys_dir, now)


def current_signing_key(session: Session) -> SigningKey | None:
    """The key that signs new badges, if one has been generated."""
    return session.scalar(select(SigningKey).where(SigningKey.is_current))


def load_private_key(keys_dir: Path, kid: str) -> rsa.RSAPrivateKey:
    """Read the private key for `kid` from `keys_dir`."""
    if not KID_PATTERN.fullmatch(kid):
        raise ValueError(f"{kid!r} is not a signing key id")
    try:
        pem = (keys_dir / f"{kid}.pem").read_bytes()
    except FileNotFoundError:
        raise PrivateKeyMissing(
            f"the private key for {kid} is not in {keys_dir}; run flask badges keygen"
        ) from None
    private_key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise ValueError(f"the private key for {kid} in {keys_dir} is not an RSA key")
    return private_key


def public_key(key: SigningKey) -> rsa.RSAPublicKey:
    """The public key of `key`, from its PEM in the database."""
    loaded = serialization.load_pem_public_key(key.public_key_pem.encode("ascii"))
    if not isinstance(loaded, rsa.RSAPublicKey):
        raise ValueError(f"signing key {key.kid} is not an RSA key")
    return loaded


def public_keys_by_kid(session: Session) -> dict[str, rsa.RSAPublicKey]:
    """Every published public key, current and retired, by key id: what verification needs."""
    return {key.kid: public_key(key) for key in _all_keys(session)}


def public_jwk(key: SigningKey) -> dict[str, str]:
    """The public key as a JSON Web Key (RFC 7517) for RS256 signatures."""
    numbers = public_key(key).public_numbers()
    return {
        "kty": "RSA",
        "n": _base64url_uint(numbers.n),
        "e": _base64url_uint(numbers.e),
        "kid": key.kid,
        "alg": "RS256",
        "use": "sig",
    }


def jwk_set(session: Session) -> dict[str, list[dict[str, str]]]:
    """The JWK Set of every key, retired ones included so that old badges still verify."""
    return {"keys": [public_jwk(key) for key in _all_keys(session)]}


def list_signing_keys(session: Session) -> list[SigningKey]:
    """Every published key, oldest first: the issuer profile lists them all."""
    return _all_keys(session)


def _all_keys(session: Session) -> list[SigningKey]:
    return list(session.scalars(select(SigningKey).order_by(SigningKey.created_at, SigningKey.id)))


def _write_private_key(keys_dir: Path, kid: str, private_key: rsa.RSAPrivateKey) -> None:
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # O_EXCL: never overwrite a key; mode 0600 from the start, not chmod after writing.
    descriptor = os.open(keys_dir / f"{kid}.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)


def _base64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8 or 1, "big")
    return urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
