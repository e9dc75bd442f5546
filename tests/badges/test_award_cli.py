"""`flask badges` commands for awards: award, award-pending, revoke, reissue, expiry reminders."""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path

from sqlalchemy import select

from app.models import Award, ModuleCompletion

BASE = "http://coop.test"


def test_keygen_if_missing_is_idempotent(app, runner):
    first = runner.invoke(args=["badges", "keygen", "--if-missing"])
    assert first.exit_code == 0, first.output
    assert "generated" in first.output
    again = runner.invoke(args=["badges", "keygen", "--if-missing"])
    assert again.exit_code == 0 and "nothing to do" in again.output
    refused = runner.invoke(args=["badges", "keygen"])
    assert refused.exit_code == 1 and "already exists" in refused.output
    assert len(list((Path(app.instance_path) / "keys").glob("*.pem"))) == 1


def test_award_prints_the_assertion_url(db, runner, make_user):
    make_user("ada@example.org")
    result = runner.invoke(args=["badges", "award", "Ada@example.org", "co-production"])
    assert result.exit_code == 0, result.output
    award = db.scalars(select(Award)).one()
    assert result.output.strip() == f"{BASE}/badges/assertions/{award.public_id}"
    again = runner.invoke(args=["badges", "award", "ada@example.org", "co-production"])
    assert again.exit_code == 1 and "already has the badge" in again.output


def test_award_explains_unknown_people_and_badges(runner, make_user):
    make_user("ada@example.org")
    result = runner.invoke(args=["badges", "award", "nobody@example.org", "co-production"])
    assert result.exit_code == 1 and "No account has the email" in result.output
    result = runner.invoke(args=["badges", "award", "ada@example.org", "no-such-badge"])
    assert result.exit_code == 1 and "no course awards the badge" in result.output


def test_award_pending(db, runner, make_user, catalogue, now):
    user = make_user()
    module = catalogue.course("induction-welcome").visible_modules()[0]
    db.add(
        ModuleCompletion(
            user_id=user.id,
            course_slug="induction-welcome",
            module_slug=module.slug,
            module_version=module.version,
            completed_at=now,
        )
    )
    db.commit()
    result = runner.invoke(args=["badges", "award-pending"])
    assert result.exit_code == 0, result.output
    assert "1 badges awarded." in result.output
    assert "0 badges awarded." in runner.invoke(args=["badges", "award-pending"]).output


def test_revoke(db, runner, make_user, complete):
    award = complete(make_user())[0]
    missing = runner.invoke(args=["badges", "revoke", award.public_id])
    assert missing.exit_code == 2 and "--reason" in missing.output
    blank = runner.invoke(args=["badges", "revoke", award.public_id, "--reason", " "])
    assert blank.exit_code == 1 and "Enter the reason" in blank.output
    unknown = runner.invoke(args=["badges", "revoke", "nope", "--reason", "x"])
    assert unknown.exit_code == 1 and "There is no badge assertion" in unknown.output
    url = f"{BASE}/badges/assertions/{award.public_id}"
    result = runner.invoke(args=["badges", "revoke", url, "--reason", "Issued in error"])
    assert result.exit_code == 0, result.output
    db.refresh(award)
    assert award.revocation_reason == "Issued in error"


def test_reissue_after_an_email_change(db, runner, make_user, complete):
    user = make_user("old@example.org")
    made = complete(user, modules=[])  # no badges yet
    assert made == []
    complete(user, "co-production")
    user.email = "new@example.org"
    db.commit()
    result = runner.invoke(args=["badges", "reissue", "new@example.org"])
    assert result.exit_code == 0, result.output
    assert "5 badges reissued to new@example.org." in result.output
    assert (
        "0 badges reissued" in runner.invoke(args=["badges", "reissue", "new@example.org"]).output
    )


def test_expiry_reminders_are_emailed_once(app, db, runner, make_user, complete, catalogue):
    user = make_user("ada@example.org")
    module = catalogue.course("co-production").visible_modules()[0]
    award = complete(user, "co-production", modules=[module])[0]
    award.expires_at = datetime.now(UTC) + timedelta(days=10)
    db.commit()
    result = runner.invoke(args=["badges", "send-expiry-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 expiry reminders sent." in result.output
    outbox = list((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(outbox) == 1
    message = message_from_bytes(outbox[0].read_bytes())
    assert message["To"] == "ada@example.org"
    assert f"{BASE}/badges/awards/{award.public_id}" in message.get_payload(decode=True).decode()
    again = runner.invoke(args=["badges", "send-expiry-reminders"])
    assert "0 expiry reminders sent." in again.output
    assert len(list((Path(app.instance_path) / "outbox").glob("*.eml"))) == 1


def test_demo_load_gives_the_demo_councillor_real_badges(db, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert f"Demo badge for councillor@demo.coop: {BASE}/badges/awards/" in result.output
    assert len(db.scalars(select(Award)).all()) == 5
    again = runner.invoke(args=["demo", "load"])
    assert "Demo badge" not in again.output
