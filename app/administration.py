"""The network's administration: organisations, placing Supporters, account roles; all audited."""

import logging
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import accounts, audit
from app.models import AccountRole, AssociateKind, MembershipCategory, Organisation, User

logger = logging.getLogger(__name__)


class AdministrationError(Exception):
    """An administrative change that cannot be made; the message is for the administrator."""


def organisation_state(organisation: Organisation) -> dict:
    return {
        "name": organisation.name,
        "category": organisation.category.value,
        "associate_kind": organisation.associate_kind.value
        if organisation.associate_kind
        else None,
        "is_active": organisation.is_active,
    }


def _check_membership(category: MembershipCategory, kind: AssociateKind | None) -> None:
    if category is MembershipCategory.ASSOCIATE and kind is None:
        raise AdministrationError("Select the kind of Associate member")
    if category is not MembershipCategory.ASSOCIATE and kind is not None:
        raise AdministrationError("Only Associate members have a kind")


def _check_name_free(session: Session, name: str, organisation_id: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise AdministrationError("Enter the organisation's name")
    clash = session.scalar(
        select(Organisation.id).where(
            func.lower(Organisation.name) == name.lower(), Organisation.id != (organisation_id or 0)
        )
    )
    if clash is not None:
        raise AdministrationError(f"An organisation called {name} already exists")
    return name


def add_organisation(
    session: Session,
    actor: User,
    *,
    name: str,
    category: MembershipCategory,
    associate_kind: AssociateKind | None,
    now: datetime,
) -> Organisation:
    """Add a member organisation to the directory."""
    _check_membership(category, associate_kind)
    organisation = Organisation(
        name=_check_name_free(session, name),
        category=category,
        associate_kind=associate_kind,
        joined_on=now.date(),
        created_at=now,
    )
    session.add(organisation)
    session.flush()
    audit.record(
        session,
        actor,
        "organisation.add",
        organisation,
        label=organisation.name,
        before=None,
        after=organisation_state(organisation),
        now=now,
    )
    logger.info("Organisation %s added by user %s", organisation.id, actor.id)
    return organisation


def update_organisation(
    session: Session,
    actor: User,
    organisation: Organisation,
    *,
    name: str,
    category: MembershipCategory,
    associate_kind: AssociateKind | None,
    now: datetime,
) -> bool:
    """Rename the organisation or change its membership category; False when nothing changed."""
    _check_membership(category, associate_kind)
    name = _check_name_free(session, name, organisation.id)
    before = organisation_state(organisation)
    organisation.name, organisation.category = name, category
    organisation.associate_kind = associate_kind
    after = organisation_state(organisation)
    if after == before:
        return False
    session.flush()
    audit.record(
        session,
        actor,
        "organisation.update",
        organisation,
        label=organisation.name,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
        now=now,
    )
    logger.info("Organisation %s updated by user %s", organisation.id, actor.id)
    return True


def set_organisation_active(
    session: Session, actor: User, organisation: Organisation, is_active: bool, now: datetime
) -> None:
    """Deactivate an organisation that left the network (its learners keep it), or reactivate it."""
    if organisation.is_active == is_active:
        state = "active" if is_active else "deactivated"
        raise AdministrationError(f"{organisation.name} is already {state}")
    organisation.is_active = is_active
    session.flush()
    audit.record(
        session,
        actor,
        "organisation.reactivate" if is_active else "organisation.deactivate",
        organisation,
        label=organisation.name,
        before={"is_active": not is_active},
        after={"is_active": is_active},
        now=now,
    )
    logger.info("Organisation %s active=%s by user %s", organisation.id, is_active, actor.id)


def list_organisations(session: Session) -> list[tuple[Organisation, int]]:
    """Every organisation with its number of learners, by category then name."""
    learners = (
        select(User.organisation_id, func.count(User.id).label("learners"))
        .group_by(User.organisation_id)
        .subquery()
    )
    rows = session.execute(
        select(Organisation, func.coalesce(learners.c.learners, 0))
        .outerjoin(learners, learners.c.organisation_id == Organisation.id)
        .order_by(Organisation.category, Organisation.associate_kind, Organisation.name)
    )
    return [(organisation, count) for organisation, count in rows]


def list_supporters(session: Session) -> list[User]:
    """Learners with no organisation, so an administrator can place them."""
    return list(
        session.scalars(
            select(User)
            .where(User.organisation_id.is_(None))
            .order_by(User.unlisted_organisation, User.name)
        )
    )


def place_supporter(
    session: Session, actor: User, learner: User, organisation: Organisation, now: datetime
) -> None:
    """Place a Supporter learner into the organisation they belong to."""
    if learner.organisation_id is not None:
        raise AdministrationError(f"{learner.name} already belongs to {learner.organisation_name}")
    if not organisation.is_active:
        raise AdministrationError(f"{organisation.name} is deactivated. Choose another")
    before = {"organisation": None, "unlisted_organisation": learner.unlisted_organisation}
    learner.organisation = organisation
    learner.unlisted_organisation = None
    session.flush()
    audit.record(
        session,
        actor,
        "learner.place",
        learner,
        label=f"{learner.name} <{learner.email}>",
        before=before,
        after={"organisation": organisation.name, "organisation_id": organisation.id},
        now=now,
    )
    logger.info(
        "User %s placed in organisation %s by user %s", learner.id, organisation.id, actor.id
    )


MANAGED_ROLES = (AccountRole.AUTHOR, AccountRole.ADMIN)


def role_flags(user: User) -> dict:
    return {"is_author": user.is_author, "is_admin": user.is_admin}


def change_role(
    session: Session, actor: User, user: User, role: AccountRole, grant: bool, now: datetime
) -> None:
    """Grant or remove the author or admin role."""
    if role not in MANAGED_ROLES:
        raise AdministrationError("Only the author and admin roles can be changed")
    has_role = user.is_author if role is AccountRole.AUTHOR else user.is_admin
    if has_role == grant:
        state = "is already" if grant else "is not"
        raise AdministrationError(f"{user.name} {state} an {role.value}")
    if not grant and role is AccountRole.ADMIN and user.id == actor.id:
        raise AdministrationError(
            "You cannot remove your own admin role. Ask another administrator"
        )
    before = role_flags(user)
    if grant:
        accounts.grant_role(user, role)
    else:
        accounts.revoke_role(user, role)
    session.flush()
    audit.record(
        session,
        actor,
        "role.grant" if grant else "role.remove",
        user,
        label=f"{user.name} <{user.email}>",
        before=before,
        after=role_flags(user),
        now=now,
    )


def search_accounts(session: Session, text: str, limit: int = 50) -> list[User]:
    """Accounts whose name or email contains `text`; administrators and authors when empty."""
    query = select(User).order_by(User.name).limit(limit)
    text = text.strip().lower()
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            func.lower(User.name).like(pattern, escape="\\") | User.email.like(pattern, escape="\\")
        )
    else:
        query = query.where(User.is_admin | User.is_author)
    return list(session.scalars(query))
