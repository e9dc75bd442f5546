"""Verification of the platform's own badges, offline: baked images, JWS, assertion URLs, VC-JWTs.

Everything is checked against the database (keys, awards, revocations): nothing is ever fetched,
so no input can make the server request a URL. Other issuers' badges are answered "not ours".
"""

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import SplitResult, urlsplit

from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy.orm import Session

from app.badges import awards
from app.badges.baking import PNG_SIGNATURE, BakedImageInvalid, bake_png, bake_svg, unbake
from app.badges.documents import evidence_narrative, iso
from app.badges.signing import SignatureFailure, SignatureInvalid, verify_jws, verify_vc_jwt
from app.models import Award

Url = Callable[..., str]
JWS_PATTERN = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
PUBLIC_ID_PATTERN = re.compile(r"[0-9A-Za-z-]{1,36}")
# A pasted badge is a few kilobytes; anything far larger is not one of ours.
MAX_TEXT_LENGTH = 256 * 1024
NOT_CHECKED = "Not checked, because an earlier check failed."


class VerificationStatus(StrEnum):
    GENUINE = "genuine"
    NOT_GENUINE = "not_genuine"
    REVOKED = "revoked"
    EXPIRED = "expired"
    WRONG_RECIPIENT = "wrong_recipient"
    NOT_OURS = "not_ours"
    UNREADABLE = "unreadable"


class CheckName(StrEnum):
    IMAGE = "image"
    SIGNATURE = "signature"
    KEY = "key"
    RECORD = "record"
    BADGE_CLASS = "badge_class"
    REVOCATION = "revocation"
    EXPIRY = "expiry"
    RECIPIENT = "recipient"
    CRITERIA_AND_EVIDENCE = "criteria_and_evidence"


CHECK_TITLES = {
    CheckName.IMAGE: "Image",
    CheckName.SIGNATURE: "Signature",
    CheckName.KEY: "Signing key",
    CheckName.RECORD: "Platform record",
    CheckName.BADGE_CLASS: "Badge class and issuer",
    CheckName.REVOCATION: "Revocation",
    CheckName.EXPIRY: "Expiry",
    CheckName.RECIPIENT: "Recipient",
    CheckName.CRITERIA_AND_EVIDENCE: "Criteria and evidence",
}


@dataclass(frozen=True)
class Check:
    """One check: passed True or False, or None when it was not made (and the message says why)."""

    name: CheckName
    passed: bool | None
    message: str

    @property
    def title(self) -> str:
        return CHECK_TITLES[self.name]


@dataclass(frozen=True)
class BadgeDetails:
    assertion_id: str
    page_url: str
    earner_name: str
    badge_name: str
    issuer_name: str
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revocation_reason: str | None
    criteria: str
    evidence: str


@dataclass
class VerificationReport:
    """What a verifier is told: the overall status, why (`reason`), each check, and the badge."""

    status: VerificationStatus
    summary: str
    reason: str | None = None
    input_kind: str | None = None
    checks: list[Check] = field(default_factory=list)
    badge: BadgeDetails | None = None
    # Why an unreadable input could not be read, to finish a sentence ("the PNG is truncated").
    problem: str | None = None

    @property
    def genuine(self) -> bool:
        return self.status is VerificationStatus.GENUINE

    def check(self, name: CheckName) -> Check | None:
        return next((check for check in self.checks if check.name == name), None)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, the shape the API documents."""
        badge = None
        if self.badge is not None:
            details = self.badge
            badge = {
                "id": details.assertion_id,
                "url": details.page_url,
                "earner": details.earner_name,
                "name": details.badge_name,
                "issuer": details.issuer_name,
                "issuedOn": iso(details.issued_at),
                "expires": iso(details.expires_at) if details.expires_at else None,
                "revoked": details.revoked_at is not None,
                "revocationReason": details.revocation_reason,
                "criteria": details.criteria,
                "evidence": details.evidence,
            }
        return {
            "status": self.status.value,
            "genuine": self.genuine,
            "summary": self.summary,
            "reason": self.reason,
            "inputKind": self.input_kind,
            "checks": [
                {"name": check.name.value, "passed": check.passed, "message": check.message}
                for check in self.checks
            ],
            "badge": badge,
        }


@dataclass(frozen=True)
class _Context:
    session: Session
    expected_email: str | None
    now: datetime
    keys: Mapping[str, rsa.RSAPublicKey]
    url: Url
    issuer_name: str


def verify(
    session: Session,
    data: bytes | str,
    expected_email: str | None,
    now: datetime,
    *,
    keys: Mapping[str, rsa.RSAPublicKey],
    url: Url,
    issuer_name: str,
) -> VerificationReport:
    """Check a badge (image bytes, or pasted text) issued by this platform; never raises.

    `url(endpoint, **values)` gives the platform's public URLs, `keys` its current and retired
    public keys by kid; `expected_email`, when given, is hashed and compared, never kept.
    """
    context = _Context(session, (expected_email or "").strip() or None, now, keys, url, issuer_name)
    if isinstance(data, str):
        text = data.strip()
        if not text.startswith("<"):
            return _verify_text(context, text, image=None)
        data = text.encode("utf-8")
    if not data.startswith(PNG_SIGNATURE) and not data.lstrip().startswith((b"<", b"\xef\xbb\xbf")):
        # Not an image: a text file holding a JWS, a URL or a credential is checked as text.
        try:
            return _verify_text(context, data.decode("utf-8").strip(), image=None)
        except UnicodeDecodeError:
            return _unreadable("not_an_image", "the file is not a PNG or SVG image")
    try:
        payload = unbake(data)
    except BakedImageInvalid as error:
        return _unreadable(error.reason.value, error.detail)
    kind = "png" if data.startswith(PNG_SIGNATURE) else "svg"
    return _verify_text(context, payload, image=(kind, data))


def _verify_text(
    context: _Context, text: str, image: tuple[str, bytes] | None
) -> VerificationReport:
    if not text:
        return _unreadable("empty", "there is nothing to check")
    if len(text) > MAX_TEXT_LENGTH:
        return _unreadable("too_large", "the text is far longer than any badge")
    if text.startswith("{"):
        return _verify_json(context, text, image)
    if text.lower().startswith(("http://", "https://")):
        return _verify_url(context, text, image)
    if JWS_PATTERN.fullmatch(text):
        claims = _unverified_payload(text)
        if isinstance(claims, dict) and "vc" in claims:
            return _verify_vc_jwt(context, text, claims, image)
        return _verify_jws(context, text, claims, image)
    return _unreadable(
        "unrecognised",
        "it is not a badge image, a signed badge (JWS), a badge's web address "
        "or an Open Badges 3.0 credential (VC-JWT)",
    )


# Hosted badges: a URL, or assertion JSON (its id), looked up in the database, never fetched.


def _verify_json(context: _Context, text: str, image) -> VerificationReport:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return _unreadable("malformed_json", "the text starts like JSON but is not valid JSON")
    assertion_id = document.get("id") if isinstance(document, dict) else None
    if not isinstance(assertion_id, str):
        return _unreadable("unrecognised", "the JSON is not an Open Badges assertion: it has no id")
    report = _verify_url(context, assertion_id, image)
    report.input_kind = "ob2-assertion-json"
    return report


def _verify_url(context: _Context, address: str, image) -> VerificationReport:
    kind = f"{image[0]}-hosted" if image is not None else "ob2-hosted"
    public_id = _our_public_id(context.url, address)
    if public_id is None:
        return _not_ours(address, kind)
    award = awards.find_award(context.session, public_id)
    report = VerificationReport(VerificationStatus.NOT_GENUINE, "", input_kind=kind)
    if award is None:
        return _fail(
            report,
            "not_found",
            Check(CheckName.RECORD, False, "This platform has no badge at that address."),
        )
    report.checks.append(
        Check(
            CheckName.RECORD,
            True,
            "This platform's records hold this badge at that address "
            "(a hosted badge: it has no signature, the records are what count).",
        )
    )
    if image is not None and not _image_check(report, award, address, image):
        return _finish(context, report, award, trusted=False)
    return _after_signature(context, report, award, problems=[])


def _our_public_id(url: Url, address: str) -> str | None:
    """The award's public id when `address` is exactly one of our assertion URLs, else None."""
    parts = _split(address.strip())
    if parts is None:
        return None
    segment = parts.path.rpartition("/")[2]
    if parts.query or parts.fragment or not PUBLIC_ID_PATTERN.fullmatch(segment):
        return None
    if address.strip() != url("badges.assertion", public_id=segment):
        return None
    return segment


# Signed badges: Open Badges 2.0 JWS and Open Badges 3.0 VC-JWT.


def _verify_jws(context: _Context, token: str, claims, image) -> VerificationReport:
    kind = f"{image[0]}-signed" if image is not None else "ob2-jws"
    checked = _check_signed(context, token, claims, image, kind, id_claim="id")
    if isinstance(checked, VerificationReport):
        return checked
    report, award, kid, payload = checked
    return _after_signature(context, report, award, _ob2_differences(context, award, payload, kid))


def _verify_vc_jwt(context: _Context, token: str, claims, image) -> VerificationReport:
    kind = f"{image[0]}-ob3" if image is not None else "ob3-vc-jwt"
    checked = _check_signed(context, token, claims, image, kind, id_claim="jti")
    if isinstance(checked, VerificationReport):
        return checked
    report, award, _kid, payload = checked
    problems = []
    try:
        verify_vc_jwt(token, context.keys, context.now)
    except SignatureInvalid as error:
        # Expiry is reported from the award, with its date; anything else is a broken credential.
        if error.reason != SignatureFailure.EXPIRED:
            problems.append(f"the credential's claims are not valid ({error.detail})")
    problems += _ob3_differences(context, award, payload)
    return _after_signature(context, report, award, problems)


def _check_signed(context: _Context, token: str, claims, image, kind: str, id_claim: str):
    """Ours, canonical, signed by one of our keys, on record and (if baked) in its own image.

    Returns the report so far with the award, kid and payload, or a finished report on failure.
    """
    report = VerificationReport(VerificationStatus.NOT_GENUINE, "", input_kind=kind)
    # Before any key is touched: another issuer's badge is answered without checking it.
    claimed_id = claims.get(id_claim) if isinstance(claims, dict) else None
    if isinstance(claimed_id, str) and _our_public_id(context.url, claimed_id) is None:
        return _not_ours(claimed_id, kind)
    if not _is_canonical(token):
        return _signature_failed(
            report, SignatureInvalid(SignatureFailure.MALFORMED, "its encoding has been altered")
        )
    try:
        header, payload = verify_jws(token, context.keys)
    except SignatureInvalid as error:
        return _signature_failed(report, error)
    _signature_passed(report, header["kid"])
    public_id = _our_public_id(context.url, _text(payload.get(id_claim)))
    award = awards.find_award(context.session, public_id) if public_id else None
    if award is None:
        return _fail(
            report,
            "not_found",
            Check(CheckName.RECORD, False, "This platform has no record of this badge."),
        )
    if image is not None and not _image_check(report, award, token, image):
        return _finish(context, report, award, trusted=False)
    return report, award, header["kid"], payload


def _after_signature(
    context: _Context, report: VerificationReport, award: Award, problems: list[str]
) -> VerificationReport:
    if problems:
        report.checks.append(
            Check(
                CheckName.BADGE_CLASS,
                False,
                "The badge does not match this platform's records: " + "; ".join(problems) + ".",
            )
        )
        report.reason = "badge_class_changed"
        return _finish(context, report, award, trusted=False)
    report.checks.append(
        Check(
            CheckName.BADGE_CLASS,
            True,
            f"The badge class ({award.badge_class.name}) and the issuer are this platform's "
            "and unchanged since the badge was issued.",
        )
    )
    return _finish(context, report, award, trusted=True)


def _ob2_differences(context: _Context, award: Award, payload: dict, kid: str) -> list[str]:
    url = context.url
    verification = payload.get("verification")
    recipient = payload.get("recipient")
    expected = {
        "type": ("Assertion", payload.get("type")),
        "badge class": (
            url("badges.badge_class", version_id=award.badge_class_version_id),
            payload.get("badge"),
        ),
        "signing key": (
            url("badges.key", kid=kid),
            verification.get("creator") if isinstance(verification, dict) else None,
        ),
        "recipient": (
            (award.recipient_identity, award.recipient_salt),
            (recipient.get("identity"), recipient.get("salt"))
            if isinstance(recipient, dict)
            else None,
        ),
        "issue date": (iso(award.issued_at), payload.get("issuedOn")),
        "expiry date": (
            iso(award.expires_at) if award.expires_at else None,
            payload.get("expires"),
        ),
    }
    return [f"the {name} differs" for name, (ours, theirs) in expected.items() if ours != theirs]


def _ob3_differences(context: _Context, award: Award, claims: dict) -> list[str]:
    url = context.url
    credential = claims.get("vc") if isinstance(claims.get("vc"), dict) else {}
    issuer = credential.get("issuer")
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    identifiers = subject.get("identifier")
    identifier = identifiers[0] if isinstance(identifiers, list) and identifiers else None
    expected = {
        "type": (True, _has_type(credential, "OpenBadgeCredential")),
        "issuer": (
            (url("badges.issuer"), url("badges.issuer")),
            (claims.get("iss"), issuer.get("id") if isinstance(issuer, dict) else None),
        ),
        "credential id": (claims.get("jti"), credential.get("id")),
        "badge class": (
            url("badges.badge_class", version_id=award.badge_class_version_id),
            achievement.get("id") if isinstance(achievement, dict) else None,
        ),
        "recipient": (
            (award.recipient_identity, award.recipient_identity, award.recipient_salt),
            (
                claims.get("sub"),
                identifier.get("identityHash") if isinstance(identifier, dict) else None,
                identifier.get("salt") if isinstance(identifier, dict) else None,
            ),
        ),
        "issue date": (int(award.issued_at.timestamp()), claims.get("nbf")),
        "expiry date": (
            int(award.expires_at.timestamp()) if award.expires_at else None,
            claims.get("exp"),
        ),
    }
    return [f"the {name} differs" for name, (ours, theirs) in expected.items() if ours != theirs]


def _has_type(document: dict, name: str) -> bool:
    kinds = document.get("type")
    return isinstance(kinds, list) and name in kinds


# The checks every badge of ours goes through once it is known to be ours.


def _image_check(report: VerificationReport, award: Award, payload: str, image) -> bool:
    """Is the image exactly the badge class's image baked with this payload, as issued?"""
    kind, data = image
    version = award.badge_class
    try:
        if kind == "png":
            unchanged = bake_png(version.image_png, payload) == data
        else:
            unchanged = bake_svg(version.image_svg, payload).encode("utf-8") == data
    except (BakedImageInvalid, ValueError):
        unchanged = False
    if unchanged:
        report.checks.append(
            Check(CheckName.IMAGE, True, "The image is the badge's own image, unaltered.")
        )
        return True
    report.checks.append(
        Check(
            CheckName.IMAGE,
            False,
            "The image has been altered since it was issued: it is not this badge's image "
            "with this badge's data.",
        )
    )
    report.reason = "image_altered"
    return False


def _finish(
    context: _Context, report: VerificationReport, award: Award, trusted: bool
) -> VerificationReport:
    """Add the award's details and its remaining checks, and decide the overall status."""
    report.badge = _details(context, award)
    if not trusted:
        report.checks += _not_checked(
            report,
            CheckName.BADGE_CLASS,
            CheckName.REVOCATION,
            CheckName.EXPIRY,
            CheckName.RECIPIENT,
        )
        report.status = VerificationStatus.NOT_GENUINE
        report.summary = _not_genuine_summary(report)
        return report
    status = VerificationStatus.GENUINE
    if award.revoked_at is not None:
        report.checks.append(
            Check(
                CheckName.REVOCATION,
                False,
                f"The badge was revoked on {_day(award.revoked_at)}. "
                f"Reason: {award.revocation_reason}",
            )
        )
        status, report.reason = VerificationStatus.REVOKED, "revoked"
    else:
        report.checks.append(Check(CheckName.REVOCATION, True, "The badge has not been revoked."))
    if award.expires_at is not None and award.expires_at <= context.now:
        report.checks.append(
            Check(CheckName.EXPIRY, False, f"The badge expired on {_day(award.expires_at)}.")
        )
        if status is VerificationStatus.GENUINE:
            status, report.reason = VerificationStatus.EXPIRED, "expired"
    elif award.expires_at is not None:
        report.checks.append(
            Check(
                CheckName.EXPIRY,
                True,
                f"The badge has not expired: it is valid until {_day(award.expires_at)}.",
            )
        )
    else:
        report.checks.append(Check(CheckName.EXPIRY, True, "The badge does not expire."))
    earner = award.user.name
    if context.expected_email is None:
        report.checks.append(
            Check(
                CheckName.RECIPIENT,
                None,
                f"No email address was given, so the recipient was not checked. "
                f"The badge was issued to {earner}.",
            )
        )
    elif awards.is_recipient(award, context.expected_email):
        report.checks.append(
            Check(
                CheckName.RECIPIENT,
                True,
                f"The badge was issued to the email address you gave ({earner}'s).",
            )
        )
    else:
        report.checks.append(
            Check(
                CheckName.RECIPIENT,
                False,
                f"The badge was not issued to the email address you gave: it is {earner}'s badge.",
            )
        )
        if status is VerificationStatus.GENUINE:
            status, report.reason = VerificationStatus.WRONG_RECIPIENT, "wrong_recipient"
    report.checks.append(
        Check(
            CheckName.CRITERIA_AND_EVIDENCE,
            True,
            "The criteria the earner met and the evidence of what they completed are shown "
            "with the badge's details.",
        )
    )
    report.status = status
    report.summary = _summary(report)
    return report


def _details(context: _Context, award: Award) -> BadgeDetails:
    reflection = awards.shared_reflection(context.session, award)
    definition = award.badge_class.definition
    return BadgeDetails(
        assertion_id=context.url("badges.assertion", public_id=award.public_id),
        page_url=context.url("badges.award_page", public_id=award.public_id),
        earner_name=award.user.name,
        badge_name=definition["name"],
        issuer_name=context.issuer_name,
        issued_at=award.issued_at,
        expires_at=award.expires_at,
        revoked_at=award.revoked_at,
        revocation_reason=award.revocation_reason,
        criteria=definition["criteria"],
        evidence=evidence_narrative(award, reflection),
    )


def _signature_passed(report: VerificationReport, kid: str) -> None:
    report.checks.append(Check(CheckName.SIGNATURE, True, "The signature is valid."))
    report.checks.append(
        Check(
            CheckName.KEY,
            True,
            f"The signing key ({kid}) is one of this platform's published keys.",
        )
    )


SIGNATURE_MESSAGES = {
    SignatureFailure.MALFORMED: "The signature is not valid: the signed badge is damaged ({})",
    SignatureFailure.ALGORITHM_NOT_ALLOWED: (
        "The signature is not valid: it uses an algorithm this platform never signs with ({})"
    ),
    SignatureFailure.UNKNOWN_KID: (
        "The signature cannot be checked: it names a key this platform has never published ({})"
    ),
    SignatureFailure.BAD_SIGNATURE: (
        "The signature is not valid: the badge was changed after it was signed, "
        "or it was signed with another key ({})"
    ),
    SignatureFailure.PAYLOAD_NOT_OBJECT: "The signature is valid but the badge is damaged ({})",
}


def _signature_failed(report: VerificationReport, error: SignatureInvalid) -> VerificationReport:
    template = SIGNATURE_MESSAGES.get(error.reason, "The signature is not valid ({})")
    report.checks.append(Check(CheckName.SIGNATURE, False, template.format(error.detail) + "."))
    if error.reason is SignatureFailure.UNKNOWN_KID:
        report.checks.append(
            Check(CheckName.KEY, False, "The signing key is not one of this platform's keys.")
        )
    elif error.reason in {SignatureFailure.BAD_SIGNATURE, SignatureFailure.PAYLOAD_NOT_OBJECT}:
        report.checks.append(
            Check(CheckName.KEY, True, "The signing key it names is one of this platform's keys.")
        )
    else:
        report.checks += _not_checked(report, CheckName.KEY)
    return _fail(report, error.reason.value)


def _fail(report: VerificationReport, reason: str, *checks: Check) -> VerificationReport:
    report.checks += checks
    report.checks += _not_checked(
        report,
        CheckName.BADGE_CLASS,
        CheckName.REVOCATION,
        CheckName.EXPIRY,
        CheckName.RECIPIENT,
    )
    report.status, report.reason = VerificationStatus.NOT_GENUINE, reason
    report.summary = _not_genuine_summary(report)
    return report


def _not_checked(report: VerificationReport, *names: CheckName) -> list[Check]:
    done = {check.name for check in report.checks}
    return [Check(name, None, NOT_CHECKED) for name in names if name not in done]


def _summary(report: VerificationReport) -> str:
    badge = report.badge
    assert badge is not None
    if report.status is VerificationStatus.GENUINE:
        return "This badge is genuine"
    if report.status is VerificationStatus.REVOKED:
        return f"This badge is no longer valid: it was revoked. Reason: {badge.revocation_reason}"
    if report.status is VerificationStatus.EXPIRED:
        assert badge.expires_at is not None
        return f"This badge is no longer valid: it expired on {_day(badge.expires_at)}"
    return f"This badge is not genuine for that email address: it was issued to {badge.earner_name}"


def _not_genuine_summary(report: VerificationReport) -> str:
    failed = next((check for check in report.checks if check.passed is False), None)
    because = failed.message if failed else "it could not be checked."
    return "This badge is not genuine: " + because[0].lower() + because[1:].rstrip(".")


def _not_ours(address: str, kind: str) -> VerificationReport:
    parts = _split(address)
    host = (parts.hostname if parts is not None else None) or "another issuer"
    return VerificationReport(
        VerificationStatus.NOT_OURS,
        f"This badge was not issued by this platform (it names {host}), so it cannot be "
        "checked here. Ask its issuer how to check it.",
        reason="not_ours",
        input_kind=kind,
    )


def _unreadable(reason: str, detail: str) -> VerificationReport:
    return VerificationReport(
        VerificationStatus.UNREADABLE,
        f"This cannot be checked: {detail}.",
        reason=reason,
        problem=detail,
    )


def _unverified_payload(token: str) -> Any:
    """The JWS payload as JSON, unchecked: only to tell which kind of badge this claims to be."""
    try:
        return json.loads(_b64decode(token.split(".")[1]))
    except (ValueError, RecursionError, binascii.Error):
        return None


def _is_canonical(token: str) -> bool:
    """Refuse base64url with stray bits in its last character: the same bytes in another spelling
    would otherwise verify, and a changed character must never leave a badge genuine."""
    try:
        return all(
            base64.urlsafe_b64encode(_b64decode(part)).rstrip(b"=").decode("ascii") == part
            for part in token.split(".")
        )
    except (ValueError, binascii.Error):
        return False


def _split(address: str) -> SplitResult | None:
    try:
        return urlsplit(address)
    except ValueError:  # for example an unclosed "[" of an IPv6 address
        return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"
