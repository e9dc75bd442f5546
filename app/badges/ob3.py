"""Open Badges 3.0: each award as an OpenBadgeCredential (VC-JWT) and a Bitstring Status List."""

import base64
import gzip
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from app.badges.definitions import IssuerDefinition
from app.badges.documents import Url, evidence_narrative, iso
from app.badges.signing import sign_vc_jwt
from app.models import Award, SigningKey

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# The Bitstring Status List minimum, 16 KB, so that one list hides which entries are whose.
MIN_STATUS_BITS = 131072


def status_index(award: Award) -> int:
    """Each award's bit in the status list: its id, which never changes or repeats."""
    return award.id


def issuer_profile(issuer: IssuerDefinition, url: Url, base_url: str) -> dict[str, Any]:
    return {
        "id": url("badges.issuer"),
        "type": ["Profile"],
        "name": issuer.name,
        "url": base_url + issuer.url,
        "email": issuer.email,
        "image": {"id": url("badges.issuer_image"), "type": "Image"},
    }


def credential(
    award: Award, issuer: IssuerDefinition, url: Url, base_url: str, reflection: str | None
) -> dict[str, Any]:
    """The award as an OpenBadgeCredential, pointing at its bit in the revocation status list."""
    definition = award.badge_class.definition
    achievement_id = url("badges.badge_class", version_id=award.badge_class_version_id)
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB3_CONTEXT],
        "id": url("badges.assertion", public_id=award.public_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": definition["name"],
        "issuer": issuer_profile(issuer, url, base_url),
        "validFrom": iso(award.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": award.recipient_identity,
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": award.recipient_salt,
                }
            ],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "name": definition["name"],
                "description": definition["description"],
                "criteria": {"narrative": definition["criteria"]},
                "image": {
                    "id": url(
                        "badges.badge_class_image",
                        version_id=award.badge_class_version_id,
                        extension="png",
                    ),
                    "type": "Image",
                },
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": alignment["name"],
                        "targetUrl": url("badges.principles") + "#" + alignment["id"],
                        "targetDescription": alignment["description"],
                        "targetFramework": alignment["framework"],
                        "targetCode": alignment["id"],
                    }
                    for alignment in definition["alignments"]
                ],
                "tag": definition["tags"],
            },
        },
        "evidence": [
            {
                "id": url("badges.award_page", public_id=award.public_id),
                "type": ["Evidence"],
                "narrative": evidence_narrative(award, reflection),
            }
        ],
        "credentialStatus": {
            "id": f"{url('badges.status_list')}#{status_index(award)}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index(award)),
            "statusListCredential": url("badges.status_list"),
        },
    }
    if award.expires_at is not None:
        document["validUntil"] = iso(award.expires_at)
    return document


def sign_credential(
    award: Award,
    issuer: IssuerDefinition,
    url: Url,
    base_url: str,
    reflection: str | None,
    private_key: rsa.RSAPrivateKey,
    key: SigningKey,
) -> str:
    """The OpenBadgeCredential as a VC-JWT signed with the issuer's key."""
    document = credential(award, issuer, url, base_url, reflection)
    return sign_vc_jwt(
        document,
        private_key,
        key.kid,
        issuer=document["issuer"]["id"],
        subject=award.recipient_identity,
        credential_id=document["id"],
        issued_at=award.issued_at,
        expires_at=award.expires_at,
    )


def encode_status_list(revoked_indexes: Iterable[int]) -> str:
    """The bitstring, first index in the most significant bit, GZIP'd, multibase base64url."""
    indexes = list(revoked_indexes)
    bits = max(MIN_STATUS_BITS, -(-(max(indexes, default=0) + 1) // 8) * 8)
    bitstring = bytearray(bits // 8)
    for index in indexes:
        bitstring[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same revocations always give the same list.
    compressed = gzip.compress(bytes(bitstring), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_status_list(encoded: str) -> bytes:
    data = encoded.removeprefix("u")
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_bit_set(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(revoked: Iterable[Award], url: Url, now: datetime) -> dict[str, Any]:
    """The revocation status list that every credential's credentialStatus points to."""
    list_url = url("badges.status_list")
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": url("badges.issuer"),
        "validFrom": iso(now),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(status_index(award) for award in revoked),
        },
    }
