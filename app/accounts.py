"""Accounts: registration, sign-in with throttling, passwords and their reset, account roles."""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app import throttle
from app.models import AccountRole, CouncilRole, Organisation, User

logger = logging.getLogger(__name__)

LOGIN_FAILURE_SCOPES = ("login-email", "login-address")
MIN_PASSWORD_LENGTH = 10
# Compared against when the email is unknown, so both answers take the same time.
_UNKNOWN_USER_HASH = generate_password_hash(secrets.token_hex(16), method="scrypt")


class AccountError(Exception):
    """A request about an account that cannot be met; the message is for the person."""


@dataclass(frozen=True)
class SignInPolicy:
    failure_limit: int
    window: timedelta


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def register_learner(
    session: Session,
    *,
    name: str,
    email: str,
    council_role: CouncilRole,
    organisation: Organisation | None,
    unlisted_organisation: str | None,
    password: str,
    now: datetime,
) -> User:
    """Create a learner's account; without a listed organisation they join as a Supporter."""
    if find_user_by_email(session, email) is not None:
        raise AccountError("An account with this email address already exists. Sign in instead.")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        council_role=council_role,
        organisation=organisation,
        unlisted_organisation=None
        if organisation
        else (unlisted_organisation or "").strip() or None,
        created_at=now,
    )
    user.set_password(password, now)
    session.add(user)
    session.flush()
    logger.info("User %s registered", user.id)
    return user


def create_account(
    session: Session,
    *,
    email: str,
    name: str,
    council_role: CouncilRole,
    organisation: Organisation | None,
    role: AccountRole,
    now: datetime,
) -> tuple[User, str]:
    """Create an account for an administrator; returns it with a one-time password."""
    password = secrets.token_urlsafe(12)
    user = register_learner(
        session,
        name=name,
        email=email,
        council_role=council_role,
        organisation=organisation,
        unlisted_organisation=None,
        password=password,
        now=now,
    )
    if role is not AccountRole.LEARNER:
        grant_role(user, role)
    return user, password


def sign_in(
    session: Session,
    *,
    email: str,
    password: str,
    address: str,
    policy: SignInPolicy,
    now: datetime,
) -> User:
    """Return the user whose credentials these are, counting failures per account and address."""
    subjects = dict(zip(LOGIN_FAILURE_SCOPES, (normalise_email(email), address), strict=True))
    for scope, subject in subjects.items():
        failures = throttle.count_recent_events(session, scope, subject, policy.window, now)
        if failures >= policy.failure_limit:
            minutes = int(policy.window.total_seconds() // 60)
            raise AccountError(
                "Too many failed attempts to sign in. "
                f"Wait {minutes} minutes, or reset your password, and try again."
            )
    user = find_user_by_email(session, email)
    password_matches = check_password_hash(
        user.password_hash if user else _UNKNOWN_USER_HASH, password
    )
    if user is None or not password_matches:
        for scope, subject in subjects.items():
            throttle.record_event(session, scope, subject, now)
        raise AccountError("Enter a correct email address and password.")
    throttle.clear_events(session, "login-email", subjects["login-email"])
    user.last_seen_at = now
    return user


def change_password(user: User, current_password: str, new_password: str, now: datetime) -> None:
    if not user.check_password(current_password):
        raise AccountError("Your current password is not correct.")
    user.set_password(new_password, now)
    logger.info("User %s changed their password", user.id)


def change_email(session: Session, user: User, new_email: str, password: str) -> None:
    """Move the account to a new email address, confirmed by the account's password."""
    if not user.check_password(password):
        raise AccountError("Your password is not correct.")
    email = normalise_email(new_email)
    if email == user.email:
        raise AccountError("This is already your email address.")
    if find_user_by_email(session, email) is not None:
        raise AccountError("Another account already uses this email address.")
    user.email = email
    session.flush()
    logger.info("User %s changed their email address", user.id)


def _password_stamp(user: User) -> str:
    """Changes whenever the password does, so a used reset link stops working."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_password_reset_token(user: User, secret_key: str) -> str:
    serializer = URLSafeTimedSerializer(secret_key, salt="password-reset")
    return serializer.dumps({"user": user.id, "stamp": _password_stamp(user)})


def find_user_by_reset_token(session: Session, token: str, secret_key: str, max_age: int) -> User:
    """Return the user a reset link was made for; it must be signed, recent and unused."""
    serializer = URLSafeTimedSerializer(secret_key, salt="password-reset")
    try:
        data = serializer.loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise AccountError("This link has expired. Ask for a new one.") from error
    except BadSignature as error:
        raise AccountError("This link is not valid. Ask for a new one.") from error
    user = session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or data.get("stamp") != _password_stamp(user):
        raise AccountError("This link has already been used. Ask for a new one.")
    return user


def reset_password(user: User, new_password: str, now: datetime) -> None:
    user.set_password(new_password, now)
    logger.info("User %s reset their password", user.id)


def grant_role(user: User, role: AccountRole) -> None:
    if role is AccountRole.AUTHOR:
        user.is_author = True
    elif role is AccountRole.ADMIN:
        user.is_admin = True
    else:
        raise AccountError("Every account is a learner already.")
    logger.info("Role %s granted to user %s", role, user.id)


def revoke_role(user: User, role: AccountRole) -> None:
    if role is AccountRole.AUTHOR:
        user.is_author = False
    elif role is AccountRole.ADMIN:
        user.is_admin = False
    else:
        raise AccountError("The learner role cannot be removed.")
    logger.info("Role %s revoked from user %s", role, user.id)
