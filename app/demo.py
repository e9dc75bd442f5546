"""Demonstration accounts, one per kind of learner plus an author and an administrator."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import accounts
from app.badges.awards import award_for_completions
from app.badges.definitions import BadgeDefinitions
from app.courses.model import Catalogue
from app.models import (
    AccountRole,
    Award,
    CouncilRole,
    CourseCompletion,
    ModuleCompletion,
    Organisation,
    User,
)

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


DEMO_BADGE_EARNER = "councillor@demo.coop"
DEMO_BADGE_COURSE = "induction-welcome"


def earn_demo_badges(
    session: Session, catalogue: Catalogue, definitions: BadgeDefinitions, user: User, now: datetime
) -> list[Award]:
    """Complete the first induction course for a demo learner, so the demo shows real badges."""
    course = catalogue.course(DEMO_BADGE_COURSE)
    if course is None:
        return []
    modules = course.visible_modules()
    completions: list[object] = [
        ModuleCompletion(
            user_id=user.id,
            course_slug=course.slug,
            module_slug=module.slug,
            module_version=module.version,
            completed_at=now,
        )
        for module in modules
    ]
    completions.append(
        CourseCompletion(
            user_id=user.id,
            course_slug=course.slug,
            course_version=course.version,
            module_versions={module.slug: module.version for module in modules},
            completed_at=now,
        )
    )
    session.add_all(completions)
    session.flush()
    return award_for_completions(session, catalogue, definitions, user, completions, now)
