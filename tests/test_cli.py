"""The account and demo commands."""

import re

from sqlalchemy import select

from app.models import User


def test_users_create_prints_a_one_time_password_and_a_link(runner, db, make_organisation):
    make_organisation("Oxford City Council")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Editor@Example.org",
            "--name",
            "Ed Itor",
            "--organisation",
            "Oxford City Council",
            "--council-role",
            "officer",
            "--role",
            "author",
        ]
    )
    assert result.exit_code == 0, result.output
    password = re.search(r"One-time password: (\S+)", result.output).group(1)
    assert "http://coop.test/reset-password/" in result.output
    user = db.scalar(select(User).where(User.email == "editor@example.org"))
    assert user.is_author and not user.is_admin
    assert user.check_password(password)
    assert user.organisation.name == "Oxford City Council"


def test_users_create_refuses_an_unknown_organisation_and_a_duplicate(runner, make_user):
    make_user("taken@example.org")
    unknown = runner.invoke(
        args=[
            "users",
            "create",
            "a@example.org",
            "--name",
            "A",
            "--organisation",
            "Nowhere Council",
        ]
    )
    assert unknown.exit_code != 0 and "No organisation" in unknown.output
    duplicate = runner.invoke(args=["users", "create", "taken@example.org", "--name", "T"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output


def test_grant_and_revoke(runner, make_user, db):
    user = make_user("someone@example.org")
    assert runner.invoke(args=["users", "grant", "admin", "someone@example.org"]).exit_code == 0
    db.refresh(user)
    assert user.is_admin
    assert runner.invoke(args=["users", "revoke", "admin", "someone@example.org"]).exit_code == 0
    db.refresh(user)
    assert not user.is_admin
    missing = runner.invoke(args=["users", "grant", "admin", "nobody@example.org"])
    assert missing.exit_code != 0 and "No account" in missing.output


def test_demo_load_creates_accounts_once_with_random_passwords(runner, db):
    runner.invoke(args=["directory", "load"])
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0
    passwords = re.findall(r"password: (\S+)", first.output)
    assert len(passwords) == 7 and len(set(passwords)) == 7
    second = runner.invoke(args=["demo", "load"])
    assert "already exist" in second.output
    admin = db.scalar(select(User).where(User.email == "admin@demo.coop"))
    assert admin.is_admin and admin.organisation is not None
