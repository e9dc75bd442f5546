"""Factories that make valid objects with as little said as possible."""

import itertools
from datetime import UTC, datetime

from app.models import (
    AccountRole,
    AssociateKind,
    CouncilRole,
    MembershipCategory,
    Organisation,
    User,
)

DEFAULT_PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


def organisation_factory(session):
    def make(
        name: str | None = None,
        category: MembershipCategory = MembershipCategory.FULL,
        associate_kind: AssociateKind | None = None,
    ) -> Organisation:
        category = MembershipCategory(category)
        if category is MembershipCategory.ASSOCIATE and associate_kind is None:
            associate_kind = AssociateKind.LOCAL_COUNCIL
        organisation = Organisation(
            name=name or f"Organisation {next(_sequence)}",
            category=category,
            associate_kind=associate_kind,
        )
        session.add(organisation)
        session.flush()
        return organisation

    return make


def user_factory(session, make_organisation):
    def make(
        email: str | None = None,
        *,
        category: MembershipCategory | None = MembershipCategory.FULL,
        associate_kind: AssociateKind | None = None,
        council_role: CouncilRole = CouncilRole.COUNCILLOR,
        role: AccountRole = AccountRole.LEARNER,
        password: str = DEFAULT_PASSWORD,
        organisation: Organisation | None = None,
    ) -> User:
        if organisation is None and category is not None:
            organisation = make_organisation(category=category, associate_kind=associate_kind)
        now = datetime.now(UTC)
        user = User(
            email=email or f"learner{next(_sequence)}@example.org",
            name="Test Learner",
            council_role=council_role,
            organisation=organisation,
            is_author=role is AccountRole.AUTHOR,
            is_admin=role is AccountRole.ADMIN,
            created_at=now,
        )
        user.set_password(password, now)
        session.add(user)
        session.commit()
        return user

    return make
