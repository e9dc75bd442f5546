"""`flask badges verify`: the same report, printed; exit 0 only when genuine and current."""

import pytest

from app.badges import awards

EMAIL = "ada@example.org"


@pytest.fixture
def award(issue):
    return issue(EMAIL, name="Ada Lovelace")


def test_a_genuine_baked_file_exits_0(runner, award, download, tmp_path):
    path = tmp_path / "badge.png"
    path.write_bytes(download(award, "badge.png"))
    result = runner.invoke(args=["badges", "verify", str(path), "--email", EMAIL])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("This badge is genuine\n")
    assert "passed       Signature: The signature is valid." in result.output
    assert "Earned by: Ada Lovelace" in result.output
    assert "FAILED" not in result.output


def test_a_jws_argument_with_the_wrong_email_exits_1(runner, award, download):
    jws = download(award, "signed.jws").decode()
    result = runner.invoke(args=["badges", "verify", jws, "--email", "bob@example.org"])
    assert result.exit_code == 1
    assert "FAILED       Recipient" in result.output
    assert "bob@example.org" not in result.output


def test_a_revoked_badge_exits_1(db, runner, award, now):
    awards.revoke_award(award, "Issued in error", None, now)
    db.commit()
    url = f"http://coop.test/badges/assertions/{award.public_id}"
    result = runner.invoke(args=["badges", "verify", url])
    assert result.exit_code == 1
    assert "revoked. Reason: Issued in error" in result.output


def test_a_foreign_url_and_an_unreadable_file_exit_1(runner, tmp_path):
    result = runner.invoke(args=["badges", "verify", "https://badges.example.org/a/1"])
    assert result.exit_code == 1 and "not issued by this platform" in result.output
    path = tmp_path / "truncated.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = runner.invoke(args=["badges", "verify", str(path)])
    assert result.exit_code == 1
    assert "This cannot be checked: the PNG is truncated." in result.output
