"""The verifier against real badges and a corpus of tampered ones: every forgery has its reason."""

import base64
import hashlib
import hmac
import json
import socket
import struct
import time
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app.badges import awards, documents
from app.badges.baking import bake_png, bake_svg
from app.badges.keys import rotate_signing_key
from app.badges.signing import sign_jws, sign_vc_jwt
from app.badges.verify import CheckName, VerificationStatus
from app.urls import public_url
from tests.live_server import free_port

EMAIL = "ada@example.org"


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything opens a network connection or resolves a name."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"the verifier tried to use the network: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


@pytest.fixture
def award(issue):
    return issue(EMAIL, name="Ada Lovelace")


@pytest.fixture
def jws(award, download) -> str:
    return download(award, "signed.jws").decode()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def parts(token: str) -> tuple[dict, dict, str]:
    header, payload, signature = token.split(".")
    return json.loads(unb64(header)), json.loads(unb64(payload)), signature


def with_header(token: str, header: dict) -> str:
    _, payload, signature = token.split(".")
    return f"{b64(json.dumps(header).encode())}.{payload}.{signature}"


def png_chunks(data: bytes) -> list[tuple[int, bytes, bytes]]:
    """(offset, type, body) of every chunk."""
    found, position = [], 8
    while position < len(data):
        (length,) = struct.unpack_from(">I", data, position)
        kind = data[position + 4 : position + 8]
        found.append((position, kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    return found


def replace_chunk(data: bytes, kind: bytes, body: bytes, fix_crc: bool = True) -> bytes:
    offset, _, old = next(chunk for chunk in png_chunks(data) if chunk[1] == kind)
    crc = zlib.crc32(kind + body) if fix_crc else zlib.crc32(kind + old)
    new = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
    return data[:offset] + new + data[offset + 12 + len(old) :]


def assert_rejected(report, status, reason, failed_check=None):
    assert report.status is status, report
    assert report.reason == reason
    assert not report.genuine
    assert report.summary.startswith(
        ("This badge is not", "This badge is no longer")
    ) or status in {
        VerificationStatus.NOT_OURS,
        VerificationStatus.UNREADABLE,
    }
    if failed_check is not None:
        assert report.check(failed_check).passed is False, report.checks


# Genuine badges, every form the platform issues.


@pytest.mark.parametrize(
    ("name", "query", "kind"),
    [
        ("badge.png", {}, "png-signed"),
        ("badge.svg", {}, "svg-signed"),
        ("badge.png", {"verify": "hosted"}, "png-hosted"),
        ("badge.svg", {"verify": "hosted"}, "svg-hosted"),
        ("signed.jws", {}, "ob2-jws"),
        ("credential.jwt", {}, "ob3-vc-jwt"),
    ],
)
def test_every_form_of_a_genuine_badge_is_genuine(
    award, download, check, no_network, name, query, kind
):
    data = download(award, name, **query)
    if name.endswith((".jws", ".jwt")):
        data = data.decode()
    report = check(data, "  ADA@example.org ")
    assert report.status is VerificationStatus.GENUINE, report.checks
    assert report.summary == "This badge is genuine"
    assert report.input_kind == kind
    assert all(check.passed for check in report.checks), report.checks
    assert report.badge.earner_name == "Ada Lovelace"
    assert report.badge.badge_name == award.badge_class.definition["name"]
    assert report.badge.issuer_name.startswith("Co-op Learning")
    assert report.badge.criteria == award.badge_class.definition["criteria"]
    assert "Completed the course" in report.badge.evidence


def test_an_assertion_url_is_looked_up_in_the_database(award, check, no_network):
    report = check(public_url("badges.assertion", public_id=award.public_id))
    assert report.status is VerificationStatus.GENUINE
    assert report.check(CheckName.RECORD).passed is True
    recipient = report.check(CheckName.RECIPIENT)
    assert recipient.passed is None and "Ada Lovelace" in recipient.message


def test_without_an_email_the_recipient_is_named_but_not_checked(jws, check):
    report = check(jws)
    assert report.genuine
    assert report.check(CheckName.RECIPIENT).passed is None
    assert report.as_dict()["badge"]["earner"] == "Ada Lovelace"


def test_a_badge_signed_by_a_retired_key_still_verifies(app, db, award, jws, check, now):
    rotate_signing_key(db, Path(app.instance_path) / "keys", now)
    db.commit()
    assert check(jws, EMAIL).genuine


def test_a_text_file_holding_a_jws_is_checked_as_text(jws, check):
    assert check(jws.encode() + b"\n", EMAIL).genuine


# The tamper corpus.


def test_a_changed_payload_byte_breaks_the_signature(jws, check):
    header, payload, signature = jws.split(".")
    raw = bytearray(unb64(payload))
    index = raw.index(b"sha256$") + 10
    raw[index] = ord("0") if raw[index] != ord("0") else ord("1")
    report = check(f"{header}.{b64(bytes(raw))}.{signature}", EMAIL)
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "bad_signature", CheckName.SIGNATURE)
    assert "changed after it was signed" in report.check(CheckName.SIGNATURE).message
    assert report.badge is None


def test_a_payload_claiming_another_recipient_breaks_the_signature(jws, check):
    header, payload, signature = jws.split(".")
    claims = json.loads(unb64(payload))
    claims["recipient"]["identity"] = awards.hash_recipient("mallory@example.org", "salt")
    report = check(f"{header}.{b64(json.dumps(claims).encode())}.{signature}", EMAIL)
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "bad_signature")


def test_alg_none_is_refused(jws, check):
    header, _, _ = parts(jws)
    token = with_header(jws, {**header, "alg": "none"}).rpartition(".")[0] + "."
    report = check(token, EMAIL)
    assert_rejected(
        report, VerificationStatus.NOT_GENUINE, "algorithm_not_allowed", CheckName.SIGNATURE
    )
    assert "algorithm this platform never signs with" in report.summary


def test_hs256_signed_with_the_public_key_as_secret_is_refused(jws, check, issuer_key):
    payload = jws.split(".")[1]
    forged_header = b64(json.dumps({"alg": "HS256", "kid": issuer_key.kid}).encode())
    signing_input = f"{forged_header}.{payload}".encode()
    secret = issuer_key.public_key_pem.encode()
    signature = b64(hmac.new(secret, signing_input, hashlib.sha256).digest())
    report = check(f"{forged_header}.{payload}.{signature}", EMAIL)
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "algorithm_not_allowed")


def test_an_unknown_kid_is_refused(award, check, issuer_private_key):
    document = documents.assertion_document(award, public_url, None)
    token = sign_jws(document, issuer_private_key, "key-1999-01-01-abcdef")
    report = check(token, EMAIL)
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "unknown_kid", CheckName.KEY)
    assert "never published" in report.check(CheckName.SIGNATURE).message


def test_a_signature_from_another_key_is_refused(award, check, issuer_key):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    document = documents.assertion_document(award, public_url, None, signing_key=issuer_key)
    report = check(sign_jws(document, other, issuer_key.kid), EMAIL)
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "bad_signature", CheckName.SIGNATURE)
    assert report.check(CheckName.KEY).passed is True


def test_a_signed_assertion_that_differs_from_the_records_is_refused(
    award, check, issuer_key, issuer_private_key
):
    document = documents.assertion_document(award, public_url, None, signing_key=issuer_key)
    document["badge"] = public_url(
        "badges.badge_class", version_id=award.badge_class_version_id + 1
    )
    report = check(sign_jws(document, issuer_private_key, issuer_key.kid), EMAIL)
    assert_rejected(
        report, VerificationStatus.NOT_GENUINE, "badge_class_changed", CheckName.BADGE_CLASS
    )
    assert "the badge class differs" in report.check(CheckName.BADGE_CLASS).message


def test_a_re_spelled_segment_is_refused(award, check, issuer_key, issuer_private_key):
    # base64url's last character can carry spare bits: another spelling of the same bytes.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    document = documents.assertion_document(award, public_url, None, signing_key=issuer_key)
    for padding in ("", "x", "xx"):
        token = sign_jws({**document, "note": padding}, issuer_private_key, issuer_key.kid)
        segments = token.split(".")
        if len(segments[1]) % 4 in {2, 3}:
            break
    assert check(token, EMAIL).genuine
    payload = segments[1]
    segments[1] = payload[:-1] + alphabet[alphabet.index(payload[-1]) ^ 1]
    assert unb64(segments[1]) == unb64(payload)
    report = check(".".join(segments), EMAIL)
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "malformed", CheckName.SIGNATURE)


def test_a_png_with_an_edited_chunk_and_no_crc_fix_cannot_be_read(award, download, check):
    png = download(award, "badge.png")
    _, _, body = next(chunk for chunk in png_chunks(png) if chunk[1] == b"IDAT")
    edited = replace_chunk(png, b"IDAT", bytes([body[0] ^ 1]) + body[1:], fix_crc=False)
    report = check(edited, EMAIL)
    assert report.status is VerificationStatus.UNREADABLE
    assert report.reason == "corrupt" and "bad CRC" in report.problem


def test_a_png_with_an_edited_image_chunk_is_not_genuine(award, download, check):
    png = download(award, "badge.png")
    _, _, body = next(chunk for chunk in png_chunks(png) if chunk[1] == b"IDAT")
    edited = replace_chunk(png, b"IDAT", bytes([body[0] ^ 1]) + body[1:])
    report = check(edited, EMAIL)
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "image_altered", CheckName.IMAGE)
    # Still says whose badge the assertion is.
    assert report.badge.earner_name == "Ada Lovelace"


def test_a_png_whose_assertion_chunk_was_edited_is_not_genuine(award, download, check):
    png = download(award, "badge.png")
    _, kind, body = next(c for c in png_chunks(png) if c[2].startswith(b"openbadges\0"))
    keyword_and_flags, _, token = body.rpartition(b"\0")
    header, payload, signature = token.decode().split(".")
    claims = json.loads(unb64(payload))
    claims["issuedOn"] = "2020-01-01T00:00:00Z"
    forged = f"{header}.{b64(json.dumps(claims).encode())}.{signature}".encode()
    edited = replace_chunk(png, kind, keyword_and_flags + b"\0" + forged)
    report = check(edited, EMAIL)
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "bad_signature", CheckName.SIGNATURE)


def test_an_edited_svg_is_not_genuine(award, download, check):
    svg = download(award, "badge.svg")
    edited = svg.replace(b"<title", b"<title data-x='1'", 1)
    assert edited != svg
    report = check(edited, EMAIL)
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "image_altered", CheckName.IMAGE)


def test_a_re_baked_image_with_another_learners_assertion_fails_the_email_check(
    issue, download, check
):
    ada = issue(EMAIL, name="Ada Lovelace")
    bob = issue("bob@example.org", name="Bob Owen")
    bobs_jws = download(bob, "signed.jws").decode()
    # Bob's assertion baked into Ada's image (the same badge class, so the same picture).
    rebaked = bake_png(ada.badge_class.image_png, bobs_jws)
    report = check(rebaked, EMAIL)
    assert_rejected(
        report, VerificationStatus.WRONG_RECIPIENT, "wrong_recipient", CheckName.RECIPIENT
    )
    assert report.summary == (
        "This badge is not genuine for that email address: it was issued to Bob Owen"
    )
    assert report.badge.earner_name == "Bob Owen"
    # Without an email it is Bob's genuine badge, and says so.
    without = check(rebaked)
    assert without.genuine and without.badge.earner_name == "Bob Owen"


def test_an_assertion_baked_into_another_badges_image_is_not_genuine(issue, download, check, db):
    bob = issue("bob@example.org", name="Bob Owen")
    other = issue("carol@example.org", badge_slug="community-wealth")
    rebaked = bake_svg(other.badge_class.image_svg, download(bob, "signed.jws").decode())
    report = check(rebaked.encode(), "bob@example.org")
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "image_altered", CheckName.IMAGE)
    assert report.badge.earner_name == "Bob Owen"


def test_a_wrong_expected_email_fails_the_recipient_check(jws, check):
    report = check(jws, "someone.else@example.org")
    assert_rejected(
        report, VerificationStatus.WRONG_RECIPIENT, "wrong_recipient", CheckName.RECIPIENT
    )
    message = report.check(CheckName.RECIPIENT).message
    assert "Ada Lovelace" in message and "someone.else" not in message


def test_a_revoked_badge_says_when_and_why(db, award, download, check, now):
    jws = download(award, "signed.jws").decode()
    credential = download(award, "credential.jwt").decode()
    awards.revoke_award(award, "Issued in error", None, now)
    db.commit()
    for token in (jws, credential, public_url("badges.assertion", public_id=award.public_id)):
        report = check(token, EMAIL)
        assert_rejected(report, VerificationStatus.REVOKED, "revoked", CheckName.REVOCATION)
        assert "Issued in error" in report.check(CheckName.REVOCATION).message
        assert report.summary == (
            "This badge is no longer valid: it was revoked. Reason: Issued in error"
        )
        assert report.check(CheckName.SIGNATURE) is None or report.check(CheckName.SIGNATURE).passed


def test_an_expired_badge_says_when(award, download, check):
    jws = download(award, "signed.jws").decode()
    credential = download(award, "credential.jwt").decode()
    assert award.expires_at is not None
    later = award.expires_at + timedelta(days=1)
    expiry_day = f"{award.expires_at.day} {award.expires_at:%B %Y}"
    for token in (jws, credential):
        report = check(token, EMAIL, now=later)
        assert_rejected(report, VerificationStatus.EXPIRED, "expired", CheckName.EXPIRY)
        assert report.summary == f"This badge is no longer valid: it expired on {expiry_day}"


# Other issuers, and no network, ever.


@pytest.mark.parametrize(
    "address",
    [
        "https://badges.example.org/assertions/123",
        "http://coop.test.evil.example/badges/assertions/123",
        "http://coop.test@evil.example/badges/assertions/123",
        "http://coop.test/badges/assertions/123?next=http://evil.example/",
        "https://coop.test/badges/assertions/123",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "http://[coop.test/badges/assertions/123",
    ],
)
def test_foreign_urls_are_not_ours_and_never_fetched(check, no_network, address):
    report = check(address)
    if address.startswith("file:"):
        assert report.status is VerificationStatus.UNREADABLE
        return
    assert report.status is VerificationStatus.NOT_OURS
    assert report.summary.startswith("This badge was not issued by this platform")


def test_a_url_at_a_closed_port_is_answered_at_once(check):
    address = f"http://127.0.0.1:{free_port()}/badges/assertions/123"
    started = time.monotonic()
    report = check(address)
    assert report.status is VerificationStatus.NOT_OURS
    assert time.monotonic() - started < 0.5


def test_our_url_for_no_badge_is_not_genuine(check, no_network):
    report = check("http://coop.test/badges/assertions/no-such-badge")
    assert_rejected(report, VerificationStatus.NOT_GENUINE, "not_found", CheckName.RECORD)


def test_a_foreign_issuers_jws_and_credential_are_not_ours(check, no_network, now):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    foreign = {"id": "https://badges.example.org/assertions/1", "type": "Assertion"}
    report = check(sign_jws(foreign, other, "their-key"))
    assert report.status is VerificationStatus.NOT_OURS and "badges.example.org" in report.summary
    credential = sign_vc_jwt(
        {"id": "https://badges.example.org/credentials/1", "type": ["VerifiableCredential"]},
        other,
        "their-key",
        issuer="https://badges.example.org/issuer",
        subject="sha256$00",
        credential_id="https://badges.example.org/credentials/1",
        issued_at=now,
    )
    assert check(credential).status is VerificationStatus.NOT_OURS


# Inputs that cannot be read: a report saying so, never an exception.


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"GIF89a\x01\x00\x01\x00\x00\xff\x00,", "not_an_image"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "corrupt"),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<svg xmlns='http://www.w3.org/2000/svg'>&x;</svg>",
            "unsafe",
        ),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "unsafe"),
        (b"<?xml version='1.0' encoding='shift_jis'?><svg/>", "corrupt"),
        (b"<?xml version='1.0' encoding='no-such-encoding'?><svg/>", "corrupt"),
        ("{not json", "malformed_json"),
        ("just some words", "unrecognised"),
        ("x" * 300_000, "too_large"),
    ],
)
def test_unreadable_inputs_get_a_clear_reason(check, data, reason):
    report = check(data)
    assert report.status is VerificationStatus.UNREADABLE
    assert report.reason == reason
    assert report.problem and report.summary.startswith("This cannot be checked: ")


def test_a_decompression_bomb_is_refused(award, check):
    bomb = zlib.compress(b"0" * (64 * 1024 * 1024), 9)
    body = b"openbadges\x00\x01\x00\x00\x00" + bomb
    png = award.badge_class.image_png
    itxt = (
        struct.pack(">I", len(body))
        + b"iTXt"
        + body
        + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    )
    report = check(png[:33] + itxt + png[33:])
    assert report.status is VerificationStatus.UNREADABLE
    assert report.reason == "too_large" and "inflates to more than" in report.problem


def test_the_report_is_json_ready_and_never_holds_the_email(jws, check):
    data = check(jws, EMAIL).as_dict()
    text = json.dumps(data)
    assert EMAIL not in text.lower()
    assert data["status"] == "genuine" and data["genuine"] is True
    assert {check["name"] for check in data["checks"]} >= {"signature", "key", "recipient"}
