"""Signing keys: private halves in 0600 files, public halves in the database and the JWKS."""

import stat
from base64 import urlsafe_b64decode
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy.exc import IntegrityError

from app.badges.keys import (
    KEY_SIZE,
    KID_PATTERN,
    PrivateKeyMissing,
    current_signing_key,
    generate_signing_key,
    jwk_set,
    load_private_key,
    public_jwk,
    public_keys_by_kid,
    rotate_signing_key,
)
from app.badges.signing import sign_jws, verify_jws

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRIVATE_JWK_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}


def test_the_first_key_is_current_and_its_private_half_is_a_0600_file(
    db, keys_dir, signing_key, private_key
):
    assert KID_PATTERN.fullmatch(signing_key.kid)
    assert current_signing_key(db) == signing_key
    key_file = keys_dir / f"{signing_key.kid}.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
    assert not key_file.resolve().is_relative_to(PROJECT_ROOT)
    assert isinstance(private_key, rsa.RSAPrivateKey)
    assert private_key.key_size == KEY_SIZE
    assert "PRIVATE" not in signing_key.public_key_pem


def test_a_second_generated_key_waits_and_is_not_current(db, keys_dir, signing_key, now):
    spare = generate_signing_key(db, keys_dir, now)
    assert not spare.is_current
    assert current_signing_key(db) == signing_key


def test_rotation_retires_the_old_key_but_keeps_it_published(
    db, keys_dir, signing_key, private_key, now
):
    old_token = sign_jws({"id": "urn:uuid:1"}, private_key, signing_key.kid)
    later = now + timedelta(days=365)

    new_key = rotate_signing_key(db, keys_dir, later)

    assert current_signing_key(db) == new_key
    assert not signing_key.is_current and signing_key.retired_at == later
    published = public_keys_by_kid(db)
    assert set(published) == {signing_key.kid, new_key.kid}
    assert [jwk["kid"] for jwk in jwk_set(db)["keys"]] == [signing_key.kid, new_key.kid]
    assert verify_jws(old_token, published)[1] == {"id": "urn:uuid:1"}
    new_token = sign_jws({"id": "urn:uuid:2"}, load_private_key(keys_dir, new_key.kid), new_key.kid)
    assert verify_jws(new_token, published)[0]["kid"] == new_key.kid


def test_rotation_without_a_key_makes_the_first_one(db, keys_dir, now):
    assert rotate_signing_key(db, keys_dir, now) == current_signing_key(db)


def test_the_database_allows_only_one_current_key(db, signing_key, keys_dir, now):
    spare = generate_signing_key(db, keys_dir, now)
    spare.is_current = True
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_the_jwks_holds_public_parts_only(db, signing_key, private_key):
    jwk = public_jwk(signing_key)
    assert jwk.keys() == {"kty", "n", "e", "kid", "alg", "use"}
    assert (jwk["kty"], jwk["alg"], jwk["use"], jwk["e"]) == ("RSA", "RS256", "sig", "AQAB")
    assert jwk_set(db) == {"keys": [jwk]}
    assert not PRIVATE_JWK_MEMBERS & jwk.keys()
    # The modulus round-trips to the private key's own.
    modulus = int.from_bytes(_base64url_decode(jwk["n"]), "big")
    assert modulus == private_key.private_numbers().public_numbers.n


def test_a_missing_private_key_says_what_to_do(tmp_path, signing_key):
    elsewhere = tmp_path / "elsewhere"
    with pytest.raises(PrivateKeyMissing) as error:
        load_private_key(elsewhere, signing_key.kid)
    assert str(error.value) == (
        f"the private key for {signing_key.kid} is not in {elsewhere}; run flask badges keygen"
    )


def test_a_kid_cannot_name_a_file_outside_the_keys_folder(keys_dir):
    with pytest.raises(ValueError, match="not a signing key id"):
        load_private_key(keys_dir, "../secret_key")


def test_key_files_are_never_overwritten(db, keys_dir, now, monkeypatch):
    monkeypatch.setattr("app.badges.keys.secrets.token_hex", lambda _: "abcdef")
    generate_signing_key(db, keys_dir, now)
    with pytest.raises(FileExistsError):
        generate_signing_key(db, keys_dir, now)


def test_nothing_private_is_logged(db, keys_dir, now, caplog):
    caplog.set_level("DEBUG")
    key = rotate_signing_key(db, keys_dir, now)
    private_pem = (keys_dir / f"{key.kid}.pem").read_text()
    assert key.kid in caplog.text
    assert "PRIVATE" not in caplog.text
    assert private_pem.splitlines()[1] not in caplog.text


def _base64url_decode(value: str) -> bytes:
    return urlsafe_b64decode(value + "=" * (-len(value) % 4))


def test_a_key_pair_made_elsewhere_must_be_strong_enough(db, keys_dir, now):
    weak = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(ValueError, match="RSA 3072 or stronger"):
        generate_signing_key(db, keys_dir, now, private_key=weak)
