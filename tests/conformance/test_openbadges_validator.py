"""1EdTech's validator (openbadges 1.1.2) on badges served by the app under gunicorn."""

import base64
import json
import urllib.request

RECIPIENT = "learner@example.org"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def messages(report: dict) -> str:
    return json.dumps(report["report"].get("messages"), indent=1)[:3000]


def assert_valid(report: dict) -> None:
    assert report["report"]["valid"] is True, messages(report)
    assert report["report"]["errorCount"] == 0, messages(report)


def test_hosted_assertion_url_is_valid(badge_server, validate):
    report = validate("url", f"{badge_server.url}/badges/assertions/{badge_server.valid_id}")
    assert_valid(report)
    assert report["report"]["recipientProfile"] == {"email": RECIPIENT}


def test_signed_jws_is_valid(badge_server, validate):
    url = f"{badge_server.url}/badges/assertions/{badge_server.valid_id}/signed.jws"
    assert_valid(validate("jws", fetch(url).decode()))


def test_baked_png_is_valid(badge_server, validate, tmp_path):
    image = tmp_path / "badge.png"
    image.write_bytes(
        fetch(f"{badge_server.url}/badges/assertions/{badge_server.valid_id}/badge.png")
    )
    assert_valid(validate("file", str(image)))


def test_baked_svg_is_valid(badge_server, validate, tmp_path):
    image = tmp_path / "badge.svg"
    image.write_bytes(
        fetch(f"{badge_server.url}/badges/assertions/{badge_server.valid_id}/badge.svg")
    )
    assert_valid(validate("file", str(image)))


def test_a_jws_with_one_byte_of_its_payload_changed_is_invalid(badge_server, validate):
    url = f"{badge_server.url}/badges/assertions/{badge_server.valid_id}/signed.jws"
    header, payload, signature = fetch(url).decode().split(".")
    raw = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    position = raw.index(b'"issuedOn":"') + len(b'"issuedOn":"') + 3  # a digit of the year
    raw[position] = ord("0") if raw[position] != ord("0") else ord("1")
    tampered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    report = validate("jws", f"{header}.{tampered}.{signature}")
    assert report["report"]["valid"] is False
    assert "failed verification" in messages(report)


def test_a_signed_assertion_in_the_revocation_list_is_invalid(badge_server, validate):
    revocations = json.loads(fetch(f"{badge_server.url}/badges/revocations"))
    assert len(revocations["revokedAssertions"]) == 2
    url = f"{badge_server.url}/badges/assertions/{badge_server.revoked_id}/signed.jws"
    report = validate("jws", fetch(url).decode())
    assert report["report"]["valid"] is False
    assert "Issued in error" in messages(report)
