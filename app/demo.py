"""Demonstration accounts, one per kind of learner plus an author and an administrator."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import accounts
from app.models import AccountRole, CouncilRole, Organisation

DEMO_ACCOUNTS = [
    # email, name, council role, organisation, account role
    (
        "councillor@demo.coop",
        "Demo Councillor",
        CouncilRole.COUNCILLOR,
        "Plymouth City Council",
        AccountRole.LEARNER,
    ),
    (
        "officer@demo.coop",
        "Demo Officer",
        CouncilRole.OFFICER,
        "Kirklees Council",
        AccountRole.LEARNER,
    ),
    (
        "opposition@demo.coop",
        "Demo Opposition Councillor",
        CouncilRole.COUNCILLOR,
        "York Labour Group",
        AccountRole.LEARNER,
    ),
    (
        "parish@demo.coop",
        "Demo Town Councillor",
        CouncilRole.COUNCILLOR,
        "Burntwood Town Council",
        AccountRole.LEARNER,
    ),
    (
        "affiliate@demo.coop",
        "Demo Affiliate",
        CouncilRole.OTHER,
        "The Co-operative College",
        AccountRole.LEARNER,
    ),
    (
        "author@demo.coop",
        "Demo Course Author",
        CouncilRole.OTHER,
        "The Co-operative College",
        AccountRole.AUTHOR,
    ),
    (
        "admin@demo.coop",
        "Demo Administrator",
        CouncilRole.OFFICER,
        "Stevenage Borough Council",
        AccountRole.ADMIN,
    ),
]


@dataclass(frozen=True)
class CreatedAccount:
    email: str
    role: str
    password: str


def load_demo(session: Session, now: datetime) -> list[CreatedAccount]:
    """Create the demo accounts that do not exist yet, each with a new random password."""
    created = []
    for email, name, council_role, organisation_name, role in DEMO_ACCOUNTS:
        if accounts.find_user_by_email(session, email) is not None:
            continue
        organisation = session.scalar(
            select(Organisation).where(Organisation.name == organisation_name)
        )
        user, password = accounts.create_account(
            session,
            email=email,
            name=name,
            council_role=council_role,
            organisation=organisation,
            role=role,
            now=now,
        )
        created.append(CreatedAccount(user.email, role.value, password))
    return created
