"""`flask badges`: signing keys, awards, revocation, reissue and expiry reminders."""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.badges import awards
from app.badges.keys import (
    current_signing_key,
    generate_signing_key,
    public_keys_by_kid,
    rotate_signing_key,
)
from app.badges.store import current_badge_definitions
from app.badges.verify import verify
from app.courses.store import current_catalogue
from app.extensions import db
from app.mail import build_message, send_message
from app.models import User
from app.urls import instance_outbox, public_url

badges_cli = AppGroup("badges", help="Open Badges: signing keys, awards and revocation.")


def _keys_dir() -> Path:
    return Path(current_app.instance_path) / "keys"


def _user_by_email(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account has the email {email}.")
    return user


@badges_cli.command("keygen")
@click.option("--if-missing", is_flag=True, help="Do nothing when a current key exists.")
def badges_keygen(if_missing: bool) -> None:
    """Generate the first signing key; refuses when a current key exists."""
    existing = current_signing_key(db.session)
    if existing is not None:
        if if_missing:
            click.echo(f"Signing key {existing.kid} is current; nothing to do.")
            return
        raise click.ClickException(
            f"A current signing key already exists ({existing.kid}); "
            "use `flask badges rotate-key` to replace it."
        )
    key = generate_signing_key(db.session, _keys_dir(), now=datetime.now(UTC))
    db.session.commit()
    click.echo(f"Signing key {key.kid} generated; its private key is in {_keys_dir()}.")


@badges_cli.command("rotate-key")
def badges_rotate_key() -> None:
    """Make a new signing key current; the old one stays published so its badges still verify."""
    old = current_signing_key(db.session)
    key = rotate_signing_key(db.session, _keys_dir(), now=datetime.now(UTC))
    db.session.commit()
    retired = f"; {old.kid} is retired but still published" if old is not None else ""
    click.echo(f"Signing key {key.kid} is now current{retired}.")


@badges_cli.command("award-pending")
def badges_award_pending() -> None:
    """Award the badges earned by completions that have none yet."""
    made = awards.award_pending(
        db.session, current_catalogue(), current_badge_definitions(), datetime.now(UTC)
    )
    db.session.commit()
    for award in made:
        click.echo(f"{award.user.email}: {award.badge_slug}")
    click.echo(f"{len(made)} badges awarded.")


@badges_cli.command("award")
@click.argument("email")
@click.argument("badge_slug")
def badges_award(email: str, badge_slug: str) -> None:
    """Award BADGE_SLUG (course, or course--module) to EMAIL; prints the assertion's URL."""
    user = _user_by_email(email)
    try:
        award = awards.award_manually(
            db.session,
            current_catalogue(),
            current_badge_definitions(),
            user,
            badge_slug,
            datetime.now(UTC),
        )
    except awards.AwardError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(public_url("badges.assertion", public_id=award.public_id))


@badges_cli.command("revoke")
@click.argument("assertion_id")
@click.option("--reason", required=True, help="Why: verifiers show this.")
def badges_revoke(assertion_id: str, reason: str) -> None:
    """Revoke the award ASSERTION_ID (its id or assertion URL) with a reason."""
    award = awards.find_award(db.session, assertion_id.rstrip("/").rsplit("/", 1)[-1])
    if award is None:
        raise click.ClickException(f"There is no badge assertion {assertion_id}.")
    try:
        awards.revoke_award(award, reason, None, datetime.now(UTC))
    except awards.AwardError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Revoked {public_url('badges.assertion', public_id=award.public_id)}.")


@badges_cli.command("reissue")
@click.argument("email")
def badges_reissue(email: str) -> None:
    """Reissue to EMAIL's account every badge that was issued to an earlier email address."""
    user = _user_by_email(email)
    made = awards.reissue_awards(db.session, user, datetime.now(UTC))
    db.session.commit()
    for award in made:
        click.echo(public_url("badges.assertion", public_id=award.public_id))
    click.echo(f"{len(made)} badges reissued to {user.email}.")


@badges_cli.command("send-expiry-reminders")
def badges_send_expiry_reminders() -> None:
    """Email each learner whose badge expires within 30 days, once per badge."""
    now = datetime.now(UTC)
    sent = 0
    for award in awards.list_due_expiry_reminders(db.session, now):
        name = award.badge_class.name
        page = public_url("badges.award_page", public_id=award.public_id)
        body = (
            f"Dear {award.user.name},\n\n"
            f"Your badge “{name}” expires on {award.expires_at:%d %B %Y}.\n\n"
            f"You can see it at {page}\n\n"
            "To keep your credential current, take the course again on Co-op Learning.\n"
        )
        message = build_message(
            current_app.config["MAIL_FROM"],
            award.user.email,
            f"Your badge expires on {award.expires_at:%d %B %Y}",
            body,
        )
        send_message(message, current_app.config["MAIL_URL"], instance_outbox())
        awards.record_expiry_reminder(award, now)
        # Committed after each email, so a failure later never sends this one twice.
        db.session.commit()
        sent += 1
    click.echo(f"{sent} expiry reminders sent.")


@badges_cli.command("verify")
@click.argument("badge")
@click.option("--email", help="The email address the badge should belong to.")
def badges_verify(badge: str, email: str | None) -> None:
    """Check a badge (image file, JWS, assertion URL or VC-JWT); exit 0 only if genuine."""
    try:
        data: bytes | str = Path(badge).read_bytes()
    except OSError:  # not a readable file: a JWS, a URL or a credential given as it is
        data = badge
    issuer = current_badge_definitions().issuer
    report = verify(
        db.session,
        data,
        email,
        datetime.now(UTC),
        keys=public_keys_by_kid(db.session),
        url=public_url,
        issuer_name=issuer.name if issuer is not None else "Co-op Learning",
    )
    click.echo(report.summary)
    for check in report.checks:
        mark = {True: "passed", False: "FAILED", None: "not checked"}[check.passed]
        click.echo(f"  {mark:<12} {check.title}: {check.message}")
    if report.badge is not None:
        click.echo(f"Badge: {report.badge.badge_name} ({report.badge.assertion_id})")
        click.echo(f"Earned by: {report.badge.earner_name}")
    if not report.genuine:
        raise SystemExit(1)
