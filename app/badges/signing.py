"""RS256 signatures: compact JWS for Open Badges 2.0, VC-JWT for Open Badges 3.0."""

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from jwt import api_jws
from jwt.exceptions import InvalidAlgorithmError, InvalidSignatureError, InvalidTokenError

ALGORITHM = "RS256"
# Tolerated difference between the issuer's clock and ours when checking nbf and exp.
CLOCK_SKEW = timedelta(minutes=1)
NUMERIC_DATE = (int, float)
# Each claim's type, and whether a VC-JWT must have it.
VC_JWT_CLAIMS = {
    "iss": (str, True),
    "sub": (str, True),
    "jti": (str, True),
    "nbf": (NUMERIC_DATE, True),
    "iat": (NUMERIC_DATE, False),
    "exp": (NUMERIC_DATE, False),
    "vc": (dict, True),
}


class SignatureFailure(StrEnum):
    MALFORMED = "malformed"
    ALGORITHM_NOT_ALLOWED = "algorithm_not_allowed"
    UNKNOWN_KID = "unknown_kid"
    BAD_SIGNATURE = "bad_signature"
    PAYLOAD_NOT_OBJECT = "payload_not_object"
    CLAIMS_INVALID = "claims_invalid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"


class SignatureInvalid(Exception):
    """A token that does not verify; `reason` says why, `detail` says it for people."""

    def __init__(self, reason: SignatureFailure, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def sign_jws(payload: dict[str, Any], private_key: rsa.RSAPrivateKey, kid: str) -> str:
    """Sign `payload` (for Open Badges 2.0, the assertion) as a compact JWS."""
    return _sign(payload, private_key, {"kid": kid, "typ": None})


def verify_jws(
    token: str, public_keys_by_kid: Mapping[str, rsa.RSAPublicKey]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check an RS256 compact JWS against the key its `kid` names; return (header, payload)."""
    if not isinstance(token, str) or token.count(".") != 2:
        raise SignatureInvalid(SignatureFailure.MALFORMED, "not a compact JWS")
    try:
        header = api_jws.get_unverified_header(token)
    except InvalidTokenError as error:
        raise SignatureInvalid(SignatureFailure.MALFORMED, str(error)) from error
    # Checked before any key is touched: `none` and HS256-with-the-public-key never get that far.
    if header.get("alg") != ALGORITHM:
        raise SignatureInvalid(
            SignatureFailure.ALGORITHM_NOT_ALLOWED,
            f"alg {header.get('alg')!r} is not {ALGORITHM}",
        )
    kid = header.get("kid")
    if not isinstance(kid, str) or kid not in public_keys_by_kid:
        raise SignatureInvalid(SignatureFailure.UNKNOWN_KID, f"no published key has kid {kid!r}")
    try:
        decoded = api_jws.decode_complete(token, public_keys_by_kid[kid], algorithms=[ALGORITHM])
    except InvalidSignatureError as error:
        raise SignatureInvalid(SignatureFailure.BAD_SIGNATURE, str(error)) from error
    except InvalidAlgorithmError as error:
        raise SignatureInvalid(SignatureFailure.ALGORITHM_NOT_ALLOWED, str(error)) from error
    except InvalidTokenError as error:
        raise SignatureInvalid(SignatureFailure.MALFORMED, str(error)) from error
    try:
        payload = json.loads(decoded["payload"])
    except (ValueError, RecursionError):
        payload = None
    if not isinstance(payload, dict):
        raise SignatureInvalid(SignatureFailure.PAYLOAD_NOT_OBJECT, "payload is not a JSON object")
    return decoded["header"], payload


def sign_vc_jwt(
    credential: dict[str, Any],
    private_key: rsa.RSAPrivateKey,
    kid: str,
    *,
    issuer: str,
    subject: str,
    credential_id: str,
    issued_at: datetime,
    expires_at: datetime | None = None,
) -> str:
    """Sign an Open Badges 3.0 credential as a VC-JWT, the credential in the `vc` claim."""
    claims: dict[str, Any] = {
        "iss": issuer,
        "sub": subject,
        "jti": credential_id,
        "nbf": int(issued_at.timestamp()),
        "iat": int(issued_at.timestamp()),
        "vc": credential,
    }
    if expires_at is not None:
        claims["exp"] = int(expires_at.timestamp())
    return _sign(claims, private_key, {"kid": kid, "typ": "JWT"})


def verify_vc_jwt(
    token: str, public_keys_by_kid: Mapping[str, rsa.RSAPublicKey], now: datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check a VC-JWT's signature, claims and validity period at `now`; return (header, claims)."""
    header, claims = verify_jws(token, public_keys_by_kid)
    if header.get("typ") != "JWT":
        raise SignatureInvalid(SignatureFailure.MALFORMED, "typ is not JWT")
    for name, (kind, required) in VC_JWT_CLAIMS.items():
        value = claims.get(name)
        # bool is an int in Python, but never a valid NumericDate.
        if (required or value is not None) and (
            not isinstance(value, kind) or isinstance(value, bool)
        ):
            raise SignatureInvalid(
                SignatureFailure.CLAIMS_INVALID, f"claim {name} is missing or has the wrong type"
            )
    expires = claims.get("exp")
    timestamp = now.timestamp()
    skew = CLOCK_SKEW.total_seconds()
    if claims["nbf"] > timestamp + skew:
        raise SignatureInvalid(SignatureFailure.NOT_YET_VALID, "the credential is not valid yet")
    if expires is not None and expires <= timestamp - skew:
        raise SignatureInvalid(SignatureFailure.EXPIRED, "the credential has expired")
    return header, claims


def _sign(payload: dict[str, Any], private_key: rsa.RSAPrivateKey, headers: dict) -> str:
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return api_jws.encode(body.encode("utf-8"), private_key, algorithm=ALGORITHM, headers=headers)
