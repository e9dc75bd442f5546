"""Open Badges 2.0 documents (JSON-LD): issuer, badge classes, assertions, keys, revocations.

Every function takes `url(endpoint, **values)`, which gives absolute URLs at the deployment's
public base URL, so the same documents come from a view, a command or a test.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from app.badges.definitions import IssuerDefinition
from app.models import Award, BadgeClassVersion, SigningKey

CONTEXT = "https://w3id.org/openbadges/v2"
Url = Callable[..., str]


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_document(
    issuer: IssuerDefinition, keys: Iterable[SigningKey], url: Url, base_url: str
) -> dict[str, Any]:
    """The issuer Profile, listing every published key (retired ones too) and its revocations."""
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": url("badges.issuer"),
        "name": issuer.name,
        "url": base_url + issuer.url,
        "email": issuer.email,
        "description": issuer.description,
        "image": url("badges.issuer_image"),
        "publicKey": [url("badges.key", kid=key.kid) for key in keys],
        "revocationList": url("badges.revocations"),
    }


def key_document(key: SigningKey, url: Url) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "CryptographicKey",
        "id": url("badges.key", kid=key.kid),
        "owner": url("badges.issuer"),
        "publicKeyPem": key.public_key_pem,
    }


def badge_class_document(version: BadgeClassVersion, url: Url) -> dict[str, Any]:
    definition = version.definition
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": url("badges.badge_class", version_id=version.id),
        "name": definition["name"],
        "description": definition["description"],
        "image": url("badges.badge_class_image", version_id=version.id, extension="png"),
        "criteria": {
            "id": url("learn.course", course_slug=version.course_slug),
            "narrative": definition["criteria"],
        },
        "issuer": url("badges.issuer"),
        "alignment": [
            {
                "targetName": alignment["name"],
                "targetUrl": url("badges.principles") + "#" + alignment["id"],
                "targetDescription": alignment["description"],
                "targetFramework": alignment["framework"],
                "targetCode": alignment["id"],
            }
            for alignment in definition["alignments"]
        ],
        "tags": definition["tags"],
    }


def evidence_narrative(award: Award, reflection: str | None) -> str:
    """What the learner completed, in which content versions and when, and their reflection
    (passed only when they agreed to share it)."""
    kind = "module" if award.badge_class.module_slug else "course"
    versions = ", ".join(f"{slug} {version}" for slug, version in award.module_versions.items())
    lines = [
        f"Completed the {kind} on {award.completed_at:%d %B %Y} "
        f"(content version {award.content_version}; module versions: {versions})."
    ]
    if award.evidence_narrative:
        lines += ["", award.evidence_narrative]
    if reflection:
        lines += ["", "The earner's reflection:", "", reflection]
    return "\n".join(lines)


def assertion_document(
    award: Award, url: Url, reflection: str | None, signing_key: SigningKey | None = None
) -> dict:
    """The Assertion: hosted (verified by fetching its id), or signed when a key is given."""
    verification = (
        {"type": "SignedBadge", "creator": url("badges.key", kid=signing_key.kid)}
        if signing_key is not None
        else {"type": "HostedBadge"}
    )
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": url("badges.assertion", public_id=award.public_id),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.recipient_salt,
            "identity": award.recipient_identity,
        },
        "badge": url("badges.badge_class", version_id=award.badge_class_version_id),
        "issuedOn": iso(award.issued_at),
        "verification": verification,
        "evidence": [
            {
                "id": url("badges.award_page", public_id=award.public_id),
                "narrative": evidence_narrative(award, reflection),
            }
        ],
        "image": url(
            "badges.badge_class_image", version_id=award.badge_class_version_id, extension="png"
        ),
    }
    if award.expires_at is not None:
        document["expires"] = iso(award.expires_at)
    if award.revoked_at is not None:
        document["revoked"] = True
        document["revocationReason"] = award.revocation_reason
    return document


def revocation_list_document(revoked: Iterable[Award], url: Url) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": url("badges.revocations"),
        "issuer": url("badges.issuer"),
        "revokedAssertions": [
            {
                "id": url("badges.assertion", public_id=award.public_id),
                "revocationReason": award.revocation_reason,
            }
            for award in revoked
        ],
    }


def linkedin_add_url(award: Award, organisation: str, page_url: str) -> str:
    """LinkedIn's "Add to profile" link for a certification, with the award's details filled in."""
    values = {
        "startTask": "CERTIFICATION_NAME",
        "name": award.badge_class.definition["name"],
        "organizationName": organisation,
        "issueYear": award.issued_at.year,
        "issueMonth": award.issued_at.month,
        "certUrl": page_url,
        "certId": award.public_id,
    }
    if award.expires_at is not None:
        values["expirationYear"] = award.expires_at.year
        values["expirationMonth"] = award.expires_at.month
    return "https://www.linkedin.com/profile/add?" + urlencode(values)
