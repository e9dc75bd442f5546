"""Accounts in the domain: registration, sign-in throttling, password resets and roles."""

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from app import accounts
from app.models import AccountRole, CouncilRole, MembershipCategory, User

POLICY = accounts.SignInPolicy(failure_limit=10, window=timedelta(minutes=15))


def register(db, now, email="Ada@Example.org", organisation=None):
    return accounts.register_learner(
        db,
        name="Ada",
        email=email,
        council_role=CouncilRole.OFFICER,
        organisation=organisation,
        unlisted_organisation="Little Parish Council",
        password="a long enough password",
        now=now,
    )


def test_registration_stores_the_email_lower_cased_and_hashes_the_password(db, now):
    user = register(db, now)
    assert user.email == "ada@example.org"
    assert user.password_hash.startswith("scrypt:")
    assert "a long enough password" not in user.password_hash
    assert user.check_password("a long enough password")


def test_a_learner_without_a_listed_organisation_is_a_supporter(db, now, make_organisation):
    user = register(db, now)
    assert user.membership_category is MembershipCategory.SUPPORTER
    assert user.organisation_name == "Little Parish Council"
    listed = register(db, now, "b@example.org", make_organisation(category="associate"))
    assert listed.membership_category is MembershipCategory.ASSOCIATE
    assert listed.unlisted_organisation is None


def test_emails_are_unique_whatever_their_case(db, now):
    register(db, now)
    with pytest.raises(accounts.AccountError, match="already exists"):
        register(db, now, "ADA@example.ORG")


def test_the_database_refuses_a_duplicate_email(db, now):
    register(db, now)
    db.add(User(email="ada@example.org", name="x", council_role="other", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.flush()


def test_sign_in_gives_the_same_answer_for_unknown_email_and_wrong_password(db, now):
    register(db, now)
    with pytest.raises(accounts.AccountError) as wrong_password:
        accounts.sign_in(
            db, email="ada@example.org", password="nope", address="1.2.3.4", policy=POLICY, now=now
        )
    with pytest.raises(accounts.AccountError) as unknown:
        accounts.sign_in(
            db, email="who@example.org", password="nope", address="1.2.3.4", policy=POLICY, now=now
        )
    assert str(wrong_password.value) == str(unknown.value)


def test_ten_failures_lock_the_account_for_fifteen_minutes(db, now):
    register(db, now)
    for attempt in range(10):
        with pytest.raises(accounts.AccountError, match="correct email"):
            accounts.sign_in(
                db,
                email="ada@example.org",
                password="wrong",
                address=f"10.0.0.{attempt}",
                policy=POLICY,
                now=now,
            )
    with pytest.raises(accounts.AccountError, match="Too many"):
        accounts.sign_in(
            db,
            email="ada@example.org",
            password="a long enough password",
            address="10.0.1.1",
            policy=POLICY,
            now=now,
        )
    later = now + timedelta(minutes=16)
    user = accounts.sign_in(
        db,
        email="ada@example.org",
        password="a long enough password",
        address="10.0.1.1",
        policy=POLICY,
        now=later,
    )
    assert user.last_seen_at == later


def test_ten_failures_from_one_address_lock_that_address(db, now):
    register(db, now)
    for attempt in range(10):
        with pytest.raises(accounts.AccountError):
            accounts.sign_in(
                db,
                email=f"guess{attempt}@example.org",
                password="x",
                address="192.0.2.7",
                policy=POLICY,
                now=now,
            )
    with pytest.raises(accounts.AccountError, match="Too many"):
        accounts.sign_in(
            db,
            email="ada@example.org",
            password="a long enough password",
            address="192.0.2.7",
            policy=POLICY,
            now=now,
        )


def test_a_reset_token_works_once(db, now):
    user = register(db, now)
    token = accounts.make_password_reset_token(user, "secret")
    assert accounts.find_user_by_reset_token(db, token, "secret", 3600) is user
    accounts.reset_password(user, "another long password", now)
    with pytest.raises(accounts.AccountError, match="already been used"):
        accounts.find_user_by_reset_token(db, token, "secret", 3600)


def test_a_reset_token_signed_with_another_key_or_expired_is_refused(db, now):
    user = register(db, now)
    token = accounts.make_password_reset_token(user, "secret")
    with pytest.raises(accounts.AccountError, match="not valid"):
        accounts.find_user_by_reset_token(db, token, "other secret", 3600)
    with pytest.raises(accounts.AccountError, match="expired"):
        accounts.find_user_by_reset_token(db, token, "secret", -1)


def test_change_password_needs_the_current_one(db, now):
    user = register(db, now)
    with pytest.raises(accounts.AccountError):
        accounts.change_password(user, "wrong", "new long password", now)
    accounts.change_password(user, "a long enough password", "new long password", now)
    assert user.check_password("new long password")


def test_roles_are_granted_and_revoked(db, now):
    user = register(db, now)
    assert not user.has_role(AccountRole.AUTHOR)
    accounts.grant_role(user, AccountRole.ADMIN)
    assert user.has_role(AccountRole.ADMIN) and user.has_role(AccountRole.AUTHOR)
    accounts.revoke_role(user, AccountRole.ADMIN)
    assert not user.has_role(AccountRole.ADMIN)
    with pytest.raises(accounts.AccountError):
        accounts.revoke_role(user, AccountRole.LEARNER)
