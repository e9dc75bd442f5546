"""Membership groups and the filters every report takes."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    Select,
    and_,
    func,
    or_,
)
from sqlalchemy.sql.expression import ColumnElement

from app.models import (
    AssociateKind,
    CouncilRole,
    MembershipCategory,
    Organisation,
    User,
)

# -- Membership groups and filters ----------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A row of the overview: a membership category, with Associates split by kind."""

    category: MembershipCategory
    associate_kind: AssociateKind | None
    label: str

    @property
    def key_tuple(self) -> tuple:
        return (self.category, self.associate_kind)

    @property
    def key(self) -> str:
        if self.associate_kind is None:
            return self.category.value
        return f"{self.category.value}:{self.associate_kind.value}"


GROUPS = (
    Group(MembershipCategory.FULL, None, "Full"),
    Group(MembershipCategory.ASSOCIATE, AssociateKind.LOCAL_COUNCIL, "Associate: local councils"),
    Group(
        MembershipCategory.ASSOCIATE, AssociateKind.OPPOSITION_GROUP, "Associate: opposition groups"
    ),
    Group(MembershipCategory.AFFILIATE, None, "Affiliate"),
    Group(MembershipCategory.SUPPORTER, None, "Supporter"),
)
GROUPS_BY_KEY = {group.key: group for group in GROUPS}
# Learners whose organisation is not listed are Supporters.
CATEGORY = func.coalesce(Organisation.category, MembershipCategory.SUPPORTER)


@dataclass(frozen=True)
class ReportFilters:
    """What a report covers. Dates are inclusive and apply to when things happened."""

    start: date | None = None
    end: date | None = None
    group: str | None = None  # a Group key
    organisation_id: int | None = None
    course_slug: str | None = None
    council_role: CouncilRole | None = None

    def __post_init__(self) -> None:
        if self.group is not None and self.group not in GROUPS_BY_KEY:
            raise ValueError(f"unknown membership group {self.group!r}")
        if self.start and self.end and self.start > self.end:
            raise ValueError("the start date is after the end date")

    def as_query(self) -> dict[str, str]:
        """The filters as URL query arguments, for links and CSV exports."""
        values = {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "group": self.group,
            "organisation": str(self.organisation_id) if self.organisation_id else None,
            "course": self.course_slug,
            "council_role": self.council_role.value if self.council_role else None,
        }
        return {name: value for name, value in values.items() if value}


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def in_period(column, filters: ReportFilters) -> ColumnElement[bool]:
    """The time `column` falls in the filters' dates (always true without dates)."""
    conditions = []
    if filters.start:
        conditions.append(column >= start_of(filters.start))
    if filters.end:
        conditions.append(column < start_of(filters.end + timedelta(days=1)))
    return and_(True, *conditions)


def learner_conditions(filters: ReportFilters) -> list[ColumnElement[bool]]:
    """Who is counted: conditions on User and the outer-joined Organisation."""
    conditions = []
    if filters.group:
        group = GROUPS_BY_KEY[filters.group]
        if group.category is MembershipCategory.SUPPORTER:
            conditions.append(
                or_(
                    User.organisation_id.is_(None),
                    Organisation.category == MembershipCategory.SUPPORTER,
                )
            )
        else:
            conditions.append(Organisation.category == group.category)
            if group.associate_kind is not None:
                conditions.append(Organisation.associate_kind == group.associate_kind)
    if filters.organisation_id:
        conditions.append(User.organisation_id == filters.organisation_id)
    if filters.council_role:
        conditions.append(User.council_role == filters.council_role)
    return conditions


def with_learner(query: Select, user_id_column, filters: ReportFilters) -> Select:
    """Join the learner (and their organisation) that `user_id_column` names, and filter."""
    return (
        query.join(User, User.id == user_id_column)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(*learner_conditions(filters))
    )
