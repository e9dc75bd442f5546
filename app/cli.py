"""Command-line groups: `flask db`, `flask directory`, `flask users`, `flask demo`."""

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app import accounts, demo, migrations
from app.badges.cli import badges_cli
from app.badges.definitions import load_badge_definitions
from app.badges.store import current_badge_definitions
from app.courses.loader import load_catalogue
from app.courses.scaffold import ScaffoldError, scaffold_course
from app.courses.store import current_catalogue
from app.directory import load_directory
from app.extensions import db
from app.models import AccountRole, CouncilRole, Organisation
from app.urls import public_url

db_cli = AppGroup("db", help="Apply and inspect database migrations.")
directory_cli = AppGroup("directory", help="The network's member directory.")
users_cli = AppGroup("users", help="Manage accounts and their roles.")
demo_cli = AppGroup("demo", help="Demonstration data for trying the platform.")
courses_cli = AppGroup("courses", help="Check and create course content.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: the latest)."""
    migrations.upgrade(db.engine, revision)
    click.echo(f"Database upgraded to {revision}.")


@db_cli.command("downgrade")
@click.argument("revision", default="-1")
def db_downgrade(revision: str) -> None:
    """Downgrade the database to REVISION (default: one step back; `base` empties it)."""
    migrations.downgrade(db.engine, revision)
    click.echo(f"Database downgraded to {revision}.")


@db_cli.command("current")
def db_current() -> None:
    """Show the database's current revision."""
    migrations.current_revision(db.engine)


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    migrations.new_revision(db.engine, message)


@directory_cli.command("load")
def directory_load() -> None:
    """Add the network's member organisations that are not in the database yet."""
    added = load_directory(db.session)
    db.session.commit()
    click.echo(f"Member directory loaded: {added} organisations added.")


def _find_user_or_fail(email: str):
    user = accounts.find_user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No account has the email address {email}.")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--organisation", help="The organisation's name as in the member directory.")
@click.option(
    "--council-role",
    type=click.Choice([role.value for role in CouncilRole]),
    default=CouncilRole.OTHER.value,
    show_default=True,
)
@click.option(
    "--role",
    type=click.Choice([role.value for role in AccountRole]),
    default=AccountRole.LEARNER.value,
    show_default=True,
    help="The account role to grant beyond learner.",
)
def users_create(email: str, name: str, organisation: str | None, council_role: str, role: str):
    """Create an account and print a one-time password and a set-password link."""
    org = None
    if organisation:
        org = db.session.scalar(select(Organisation).where(Organisation.name == organisation))
        if org is None:
            raise click.ClickException(f"No organisation is called {organisation!r}.")
    try:
        user, password = accounts.create_account(
            db.session,
            email=email,
            name=name,
            council_role=CouncilRole(council_role),
            organisation=org,
            role=AccountRole(role),
            now=datetime.now(UTC),
        )
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    token = accounts.make_password_reset_token(user, current_app.config["SECRET_KEY"])
    click.echo(f"Account created for {user.email} ({role}).")
    click.echo(f"One-time password: {password}")
    click.echo(f"Or set a password here: {public_url('auth.reset_password', token=token)}")


@users_cli.command("grant")
@click.argument("role", type=click.Choice([AccountRole.AUTHOR.value, AccountRole.ADMIN.value]))
@click.argument("email")
def users_grant(role: str, email: str) -> None:
    """Grant ROLE (author or admin) to the account with EMAIL."""
    user = _find_user_or_fail(email)
    accounts.grant_role(user, AccountRole(role))
    db.session.commit()
    click.echo(f"{user.email} is now {role}.")


@users_cli.command("revoke")
@click.argument("role", type=click.Choice([AccountRole.AUTHOR.value, AccountRole.ADMIN.value]))
@click.argument("email")
def users_revoke(role: str, email: str) -> None:
    """Remove ROLE (author or admin) from the account with EMAIL."""
    user = _find_user_or_fail(email)
    accounts.revoke_role(user, AccountRole(role))
    db.session.commit()
    click.echo(f"{user.email} is no longer {role}.")


@demo_cli.command("load")
def demo_load() -> None:
    """Create the demonstration accounts once, printing their passwords the first time."""
    now = datetime.now(UTC)
    created = demo.load_demo(db.session, now=now)
    earner = accounts.find_user_by_email(db.session, demo.DEMO_BADGE_EARNER)
    earned = []
    if earner is not None and any(a.email == earner.email for a in created):
        earned = demo.earn_demo_badges(
            db.session, current_catalogue(), current_badge_definitions(), earner, now
        )
    db.session.commit()
    for award in earned:
        page = public_url("badges.award_page", public_id=award.public_id)
        click.echo(f"Demo badge for {demo.DEMO_BADGE_EARNER}: {page}")
    base_url = current_app.config["PUBLIC_BASE_URL"]
    if not created:
        click.echo(
            f"Demo accounts already exist; their passwords were printed when created. {base_url}"
        )
        return
    click.echo(f"Demo accounts for {base_url} (shown once; keep them safe):")
    for account in created:
        click.echo(f"  {account.role:<8} {account.email:<32} password: {account.password}")


@courses_cli.command("check")
def courses_check() -> None:
    """Check every course file and print each problem as path:line: problem."""
    catalogue = load_catalogue(
        Path(current_app.config["COURSES_PATH"]), Path(current_app.config["BADGES_PATH"])
    )
    badges = load_badge_definitions(
        Path(current_app.config["BADGES_PATH"]), {p.id for p in catalogue.principles}
    )
    problems = [*catalogue.problems, *badges.problems]
    for problem in problems:
        click.echo(str(problem))
    modules = sum(len(course.modules) for course in catalogue.courses)
    click.echo(f"The issuer profile and {len(badges.badges)} badges are valid.")
    click.echo(
        f"{len(catalogue.courses)} courses and {modules} modules are valid; "
        f"{len(problems)} problems."
    )
    if problems:
        raise SystemExit(1)


@courses_cli.command("new")
@click.argument("slug")
@click.option("--title", default="A new course", help="The course's title.")
def courses_new(slug: str, title: str) -> None:
    """Create courses/SLUG from the template, as a draft."""
    try:
        written = scaffold_course(Path(current_app.config["COURSES_PATH"]), slug, title)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from error
    for path in written:
        click.echo(f"Wrote {path}")
    click.echo(f"Next: add badges/{slug}.yaml, then run `flask courses check`.")


def register(app: Flask) -> None:
    for group in (db_cli, directory_cli, users_cli, demo_cli, courses_cli, badges_cli):
        app.cli.add_command(group)
