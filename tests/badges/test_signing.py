"""RS256 signatures: round trips, and every way a token can be refused."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from jwt import api_jws

from app.badges.keys import generate_signing_key, load_private_key, public_keys_by_kid
from app.badges.signing import (
    SignatureFailure,
    SignatureInvalid,
    sign_jws,
    sign_vc_jwt,
    verify_jws,
    verify_vc_jwt,
)

ASSERTION = {
    "@context": "https://w3id.org/openbadges/v2",
    "type": "Assertion",
    "id": "urn:uuid:2f5c3e1a-6b0c-4f1e-9d9a-0c5b7a1e2d3f",
    "recipient": {"type": "email", "hashed": True, "identity": "sha256$abc"},
    "badge": "http://coop.test/badges/values.json",
    "issuedOn": "2026-11-23T12:00:00+00:00",
    "verification": {"type": "SignedBadge", "creator": "http://coop.test/keys/1"},
    "evidence": "Complétée — ✓",
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_json(value) -> str:
    return b64url(json.dumps(value).encode())


@pytest.fixture
def published(db, signing_key):
    return public_keys_by_kid(db)


@pytest.fixture
def token(signing_key, private_key):
    return sign_jws(ASSERTION, private_key, signing_key.kid)


def refused(token, published) -> SignatureFailure:
    with pytest.raises(SignatureInvalid) as error:
        verify_jws(token, published)
    return error.value.reason


def test_a_signed_assertion_verifies_with_its_header(token, published, signing_key):
    header, payload = verify_jws(token, published)
    assert header == {"alg": "RS256", "kid": signing_key.kid}
    assert payload == ASSERTION


def flip_a_byte(token: str, segment: int) -> str:
    segments = token.split(".")
    raw = bytearray(
        base64.urlsafe_b64decode(segments[segment] + "=" * (-len(segments[segment]) % 4))
    )
    raw[len(raw) // 2] ^= 0x01
    segments[segment] = b64url(bytes(raw))
    return ".".join(segments)


@pytest.mark.parametrize("segment", [1, 2], ids=["payload", "signature"])
def test_a_tampered_byte_is_refused(token, published, segment):
    assert refused(flip_a_byte(token, segment), published) is SignatureFailure.BAD_SIGNATURE


def test_a_tampered_header_never_verifies(token, published):
    # Depending on the byte, the header stops being JSON, names another kid, or fails the signature.
    assert refused(flip_a_byte(token, 0), published)


def test_a_changed_payload_claim_is_refused(token, published):
    header, _, signature = token.split(".")
    forged = b64url_json({**ASSERTION, "badge": "http://evil.test/badge.json"})
    assert refused(f"{header}.{forged}.{signature}", published) is SignatureFailure.BAD_SIGNATURE


def test_alg_none_is_refused(token, published, signing_key):
    header = b64url_json({"alg": "none", "kid": signing_key.kid})
    payload = token.split(".")[1]
    for unsigned in (f"{header}.{payload}.", f"{header}.{payload}.{token.split('.')[2]}"):
        assert refused(unsigned, published) is SignatureFailure.ALGORITHM_NOT_ALLOWED


def test_hs256_with_the_public_key_as_secret_is_refused(signing_key, published):
    # The classic confusion attack: an HMAC keyed with the (public) PEM the verifier holds.
    secret = published[signing_key.kid].public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = (
        f"{b64url_json({'alg': 'HS256', 'kid': signing_key.kid})}.{b64url_json(ASSERTION)}"
    )
    mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{b64url(mac)}"
    assert refused(forged, published) is SignatureFailure.ALGORITHM_NOT_ALLOWED


def test_an_unknown_or_missing_kid_is_refused(private_key, published):
    assert refused(sign_jws(ASSERTION, private_key, "key-1999-01-01-000000"), published) is (
        SignatureFailure.UNKNOWN_KID
    )
    header = b64url_json({"alg": "RS256"})
    assert refused(f"{header}.{b64url_json(ASSERTION)}.c2ln", published) is (
        SignatureFailure.UNKNOWN_KID
    )


def test_a_signature_by_another_key_is_refused(db, keys_dir, now, signing_key, published):
    other = generate_signing_key(db, keys_dir, now)
    # Signed by the other key but claiming to be by the published one.
    forged = sign_jws(ASSERTION, load_private_key(keys_dir, other.kid), signing_key.kid)
    assert refused(forged, published) is SignatureFailure.BAD_SIGNATURE


@pytest.mark.parametrize(
    "token",
    ["", "not a token", "a.b", "a.b.c.d", "!!!.@@@.###", f"{b64url(b'[1]')}.e30.c2ln", 42, None],
)
def test_malformed_tokens_are_refused(token, published):
    assert refused(token, published) is SignatureFailure.MALFORMED


@pytest.mark.parametrize("payload", [b"[1, 2]", b'"text"', b"null", b"not json", b"\xff\xfe"])
def test_a_payload_that_is_not_a_json_object_is_refused(
    payload, signing_key, private_key, published
):
    token = api_jws.encode(
        payload, private_key, algorithm="RS256", headers={"kid": signing_key.kid, "typ": None}
    )
    assert refused(token, published) is SignatureFailure.PAYLOAD_NOT_OBJECT


def test_the_reason_reads_well(token, published):
    with pytest.raises(SignatureInvalid) as error:
        verify_jws(token + "x", published)
    assert error.value.reason is SignatureFailure.MALFORMED
    assert str(error.value).startswith("malformed: ")


CREDENTIAL = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "http://coop.test/credentials/1",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "http://coop.test/issuer", "type": ["Profile"], "name": "CCIN"},
    "credentialSubject": {"id": "mailto:learner@example.org", "type": ["AchievementSubject"]},
}


def sign_credential(signing_key, private_key, now, **overrides):
    arguments = {
        "issuer": "http://coop.test/issuer",
        "subject": "mailto:learner@example.org",
        "credential_id": "http://coop.test/credentials/1",
        "issued_at": now,
        **overrides,
    }
    return sign_vc_jwt(CREDENTIAL, private_key, signing_key.kid, **arguments)


def test_a_vc_jwt_round_trips(signing_key, private_key, published, now):
    token = sign_credential(signing_key, private_key, now, expires_at=now + timedelta(days=365))
    header, claims = verify_vc_jwt(token, published, now)
    assert header == {"alg": "RS256", "kid": signing_key.kid, "typ": "JWT"}
    assert claims["vc"] == CREDENTIAL
    assert (claims["iss"], claims["sub"], claims["jti"]) == (
        "http://coop.test/issuer",
        "mailto:learner@example.org",
        "http://coop.test/credentials/1",
    )
    assert claims["nbf"] == claims["iat"] == int(now.timestamp())
    assert claims["exp"] == int((now + timedelta(days=365)).timestamp())


def test_a_vc_jwt_without_expiry_has_no_exp(signing_key, private_key, published, now):
    token = sign_credential(signing_key, private_key, now)
    assert "exp" not in verify_vc_jwt(token, published, now + timedelta(days=3650))[1]


def test_a_vc_jwt_is_refused_outside_its_validity(signing_key, private_key, published, now):
    token = sign_credential(signing_key, private_key, now, expires_at=now + timedelta(days=1))
    for when, reason in [
        (now - timedelta(hours=1), SignatureFailure.NOT_YET_VALID),
        (now + timedelta(days=2), SignatureFailure.EXPIRED),
    ]:
        with pytest.raises(SignatureInvalid) as error:
            verify_vc_jwt(token, published, when)
        assert error.value.reason is reason
    # A clock a few seconds behind the issuer's is tolerated.
    verify_vc_jwt(token, published, now - timedelta(seconds=30))


@pytest.mark.parametrize(
    "change",
    [
        {"vc": None},
        {"vc": "a string"},
        {"iss": None},
        {"sub": 7},
        {"jti": None},
        {"nbf": None},
        {"nbf": "2026-11-23"},
        {"nbf": True},
        {"exp": "soon"},
    ],
)
def test_a_vc_jwt_with_bad_claims_is_refused(signing_key, private_key, published, now, change):
    claims = {
        "iss": "http://coop.test/issuer",
        "sub": "mailto:learner@example.org",
        "jti": "http://coop.test/credentials/1",
        "nbf": int(now.timestamp()),
        "vc": CREDENTIAL,
    }
    claims.update(change)
    claims = {name: value for name, value in claims.items() if value is not None}
    token = api_jws.encode(
        json.dumps(claims).encode(),
        private_key,
        algorithm="RS256",
        headers={"kid": signing_key.kid},
    )
    with pytest.raises(SignatureInvalid) as error:
        verify_vc_jwt(token, published, now)
    assert error.value.reason is SignatureFailure.CLAIMS_INVALID


def test_a_plain_jws_is_not_a_vc_jwt(token, published, now):
    with pytest.raises(SignatureInvalid) as error:
        verify_vc_jwt(token, published, now)
    assert error.value.reason is SignatureFailure.MALFORMED
