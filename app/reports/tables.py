"""The report tables: figures grouped by membership group, organisation or course."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    Select,
    and_,
    case,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from app.courses.model import Course
from app.models import (
    Award,
    BadgeClassVersion,
    CourseCompletion,
    Enrolment,
    ModuleCompletion,
    Organisation,
    User,
)
from app.reports.filters import (
    CATEGORY,
    GROUPS,
    ReportFilters,
    in_period,
    learner_conditions,
    start_of,
    with_learner,
)
from app.reports.sql import days_between

# -- Figures grouped by membership group, organisation or course ----------------------------------

ACTIVE_WINDOW = timedelta(days=30)


class Grouping(StrEnum):
    CATEGORY = "category"
    ORGANISATION = "organisation"
    COURSE = "course"
    TOTAL = "total"


def group_keys(grouping: Grouping, course_column) -> list:
    columns = {
        Grouping.CATEGORY: [CATEGORY, Organisation.associate_kind],
        Grouping.ORGANISATION: [User.organisation_id],
        Grouping.COURSE: [course_column],
        Grouping.TOTAL: [],
    }[grouping]
    return [column.label(f"k{index}") for index, column in enumerate(columns)]


def _key_of(row: Sequence, width: int) -> tuple:
    return tuple(row[:width])


def count_rows(session: Session, query: Select, width: int) -> dict[tuple, tuple]:
    return {_key_of(row, width): tuple(row[width:]) for row in session.execute(query)}


def as_int(value) -> int:
    return int(value or 0)


def learner_figures(
    session: Session, filters: ReportFilters, grouping: Grouping, now: datetime
) -> dict[tuple, tuple[int, int]]:
    """(learners, active in the last 30 days) per key. By course, learners are enrolments."""
    cutoff = now - ACTIVE_WINDOW
    if grouping is Grouping.COURSE:
        keys = group_keys(grouping, Enrolment.course_slug)
        query = with_learner(select(*keys), Enrolment.user_id, filters).select_from(Enrolment)
        query = query.add_columns(
            func.count(Enrolment.id),
            func.sum(case((User.last_seen_at >= cutoff, 1), else_=0)),
        ).where(in_period(Enrolment.enrolled_at, filters))
        if filters.course_slug:
            query = query.where(Enrolment.course_slug == filters.course_slug)
    else:
        keys = group_keys(grouping, None)
        query = (
            select(*keys)
            .select_from(User)
            .outerjoin(Organisation, Organisation.id == User.organisation_id)
            .where(*learner_conditions(filters), in_period(User.created_at, filters))
            .add_columns(
                func.count(User.id), func.sum(case((User.last_seen_at >= cutoff, 1), else_=0))
            )
        )
        if filters.course_slug:
            query = query.where(
                exists().where(
                    Enrolment.user_id == User.id, Enrolment.course_slug == filters.course_slug
                )
            )
    rows = count_rows(session, query.group_by(*keys), len(keys))
    return {key: (as_int(count), as_int(active)) for key, (count, active) in rows.items()}


def organisation_figures(session: Session, filters: ReportFilters) -> dict[tuple, tuple[int, int]]:
    """(active organisations with at least one learner, all active organisations) per group."""
    has_learner = (
        exists()
        .where(User.organisation_id == Organisation.id, *learner_conditions(filters))
        .where(User.created_at < start_of(filters.end + timedelta(days=1)) if filters.end else True)
    )
    if filters.course_slug:
        has_learner = has_learner.where(
            exists().where(
                Enrolment.user_id == User.id, Enrolment.course_slug == filters.course_slug
            )
        )
    keys = group_keys(Grouping.CATEGORY, None)
    query = (
        select(*keys)
        .select_from(Organisation)
        .where(Organisation.is_active)
        .add_columns(func.sum(case((has_learner, 1), else_=0)), func.count(Organisation.id))
        .group_by(*keys)
    )
    if filters.organisation_id:
        query = query.where(Organisation.id == filters.organisation_id)
    rows = count_rows(session, query, len(keys))
    return {
        key: (as_int(with_learners), as_int(total)) for key, (with_learners, total) in rows.items()
    }


def completion_figures(
    session: Session, filters: ReportFilters, grouping: Grouping, model
) -> dict[tuple, int]:
    """Module or course completions in the period, per key."""
    keys = group_keys(grouping, model.course_slug)
    query = (
        with_learner(select(*keys, func.count(model.id)).select_from(model), model.user_id, filters)
        .where(in_period(model.completed_at, filters))
        .group_by(*keys)
    )
    if filters.course_slug:
        query = query.where(model.course_slug == filters.course_slug)
    return {key: as_int(count) for key, (count,) in count_rows(session, query, len(keys)).items()}


def award_figures(
    session: Session, filters: ReportFilters, grouping: Grouping, now: datetime
) -> dict[tuple, tuple[int, int, int]]:
    """(issued, revoked, expired) badges per key, module and course badges alike.

    A reissued award (replaced by a corrected one) is left out, so a reissue counts once.
    """
    keys = group_keys(grouping, BadgeClassVersion.course_slug)
    expired = and_(
        Award.expires_at.is_not(None),
        Award.expires_at <= now,
        Award.revoked_at.is_(None),
        in_period(Award.expires_at, filters),
    )
    query = (
        with_learner(select(*keys).select_from(Award), Award.user_id, filters)
        .join(BadgeClassVersion, BadgeClassVersion.id == Award.badge_class_version_id)
        .where(Award.is_reissued.is_(False))
        .add_columns(
            func.sum(case((in_period(Award.issued_at, filters), 1), else_=0)),
            func.sum(
                case(
                    (and_(Award.revoked_at.is_not(None), in_period(Award.revoked_at, filters)), 1),
                    else_=0,
                )
            ),
            func.sum(case((expired, 1), else_=0)),
        )
        .group_by(*keys)
    )
    if filters.course_slug:
        query = query.where(BadgeClassVersion.course_slug == filters.course_slug)
    rows = count_rows(session, query, len(keys))
    return {key: tuple(as_int(value) for value in values) for key, values in rows.items()}


def median_days_to_complete(
    session: Session, filters: ReportFilters, grouping: Grouping
) -> dict[tuple, float]:
    """The median days from enrolment to course completion, per key.

    Portable SQL: number each key's completions by duration, then average the middle one (odd
    count) or two (even count): rows (n + 1) / 2 and (n + 2) / 2 in integer division.
    """
    keys = group_keys(grouping, CourseCompletion.course_slug)
    durations = with_learner(
        select(
            *keys, days_between(Enrolment.enrolled_at, CourseCompletion.completed_at).label("days")
        )
        .select_from(CourseCompletion)
        .join(
            Enrolment,
            and_(
                Enrolment.user_id == CourseCompletion.user_id,
                Enrolment.course_slug == CourseCompletion.course_slug,
            ),
        ),
        CourseCompletion.user_id,
        filters,
    ).where(in_period(CourseCompletion.completed_at, filters))
    if filters.course_slug:
        durations = durations.where(CourseCompletion.course_slug == filters.course_slug)
    durations = durations.subquery()
    key_columns = [durations.c[key.name] for key in keys]
    partition = {"partition_by": key_columns} if key_columns else {}
    ranked = select(
        *key_columns,
        durations.c.days,
        func.row_number().over(order_by=durations.c.days, **partition).label("position"),
        func.count().over(**partition).label("n"),
    ).subquery()
    ranked_keys = [ranked.c[key.name] for key in keys]
    query = (
        select(*ranked_keys, func.avg(ranked.c.days))
        .where(
            or_(
                ranked.c.position == (ranked.c.n + 1) // 2,
                ranked.c.position == (ranked.c.n + 2) // 2,
            )
        )
        .group_by(*ranked_keys)
    )
    return {
        key: round(float(median), 1)
        for key, (median,) in count_rows(session, query, len(keys)).items()
        if median is not None
    }


# -- The tables -----------------------------------------------------------------------------------


FIGURES = (
    ("learners", "Learners registered"),
    ("active", "Active in the last 30 days"),
    ("module_completions", "Modules completed"),
    ("course_completions", "Courses completed"),
    ("badges_issued", "Badges issued"),
    ("badges_revoked", "Badges revoked"),
    ("badges_expired", "Badges expired"),
    ("median_days", "Median days to complete a course"),
)


@dataclass
class ReportRow:
    key: tuple
    label: str
    figures: dict[str, int | float | None] = field(default_factory=dict)
    organisations: tuple[int, int] | None = None  # (with learners, all), by category only


@dataclass
class ReportTable:
    title: str
    first_heading: str
    columns: tuple[tuple[str, str], ...]
    rows: list[ReportRow]
    total: ReportRow | None = None

    @property
    def has_organisations(self) -> bool:
        return any(row.organisations is not None for row in self.rows)

    def headers(self) -> list[str]:
        headers = [self.first_heading]
        if self.has_organisations:
            headers += ["Organisations with learners", "Organisations in category"]
        return headers + [heading for _name, heading in self.columns]

    def csv_rows(self) -> list[list]:
        rows = []
        for row in [*self.rows, *([self.total] if self.total else [])]:
            cells: list = [row.label]
            if self.has_organisations:
                cells += list(row.organisations or ("", ""))
            cells += [row.figures.get(name) for name, _heading in self.columns]
            rows.append(cells)
        return rows


def _figures_by_key(
    session: Session, filters: ReportFilters, grouping: Grouping, now: datetime
) -> dict[tuple, dict[str, int | float | None]]:
    learners = learner_figures(session, filters, grouping, now)
    modules = completion_figures(session, filters, grouping, ModuleCompletion)
    courses = completion_figures(session, filters, grouping, CourseCompletion)
    awards = award_figures(session, filters, grouping, now)
    medians = median_days_to_complete(session, filters, grouping)
    keys = set(learners) | set(modules) | set(courses) | set(awards) | set(medians)
    figures = {}
    for key in keys:
        learner_count, active = learners.get(key, (0, 0))
        issued, revoked, expired = awards.get(key, (0, 0, 0))
        figures[key] = {
            "learners": learner_count,
            "active": active,
            "module_completions": modules.get(key, 0),
            "course_completions": courses.get(key, 0),
            "badges_issued": issued,
            "badges_revoked": revoked,
            "badges_expired": expired,
            "median_days": medians.get(key),
        }
    return figures


def _total_row(session: Session, filters: ReportFilters, by_key: dict[tuple, dict]) -> ReportRow:
    """Everyone: the groups' counts added up (the groups share no learner), and the median
    from its own query, since medians do not add."""
    figures = {
        name: sum(values[name] for values in by_key.values())
        for name, _ in FIGURES
        if name != "median_days"
    }
    figures["median_days"] = median_days_to_complete(session, filters, Grouping.TOTAL).get(())
    return ReportRow((), "All learners", figures)


def overview(session: Session, filters: ReportFilters, now: datetime) -> ReportTable:
    """The figures for each membership group, and for everyone."""
    figures = _figures_by_key(session, filters, Grouping.CATEGORY, now)
    organisations = organisation_figures(session, filters)
    rows = []
    for group in GROUPS:
        if filters.group and group.key != filters.group:
            continue
        key = (group.category, group.associate_kind)
        empty = {name: 0 for name, _ in FIGURES} | {"median_days": None}
        rows.append(
            ReportRow(key, group.label, figures.get(key, empty), organisations.get(key, (0, 0)))
        )
    total = _total_row(session, filters, figures)
    total.organisations = tuple(sum(row.organisations[i] for row in rows) for i in (0, 1))
    return ReportTable("By membership category", "Membership category", FIGURES, rows, total)


def by_organisation(session: Session, filters: ReportFilters, now: datetime) -> ReportTable:
    """The figures for each organisation with any activity; learners with none as Supporters."""
    figures = _figures_by_key(session, filters, Grouping.ORGANISATION, now)
    ids = [key[0] for key in figures if key[0] is not None]
    names = (
        dict(
            session.execute(
                select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    rows = [
        ReportRow(key, names.get(key[0], "No organisation (Supporters)"), values)
        for key, values in figures.items()
    ]
    rows.sort(key=lambda row: (row.key[0] is None, row.label.lower()))
    return ReportTable(
        "By organisation", "Organisation", FIGURES, rows, _total_row(session, filters, figures)
    )


COURSE_FIGURES = (("learners", "Learners enrolled"), *FIGURES[1:])


def by_course(
    session: Session, filters: ReportFilters, now: datetime, courses: Sequence[Course]
) -> ReportTable:
    """The figures for each course in the catalogue (and any retired course with records)."""
    figures = _figures_by_key(session, filters, Grouping.COURSE, now)
    titles = {course.slug: course.title for course in courses}
    slugs = [c.slug for c in courses if not filters.course_slug or c.slug == filters.course_slug]
    slugs += sorted({key[0] for key in figures} - set(slugs))
    empty = {name: 0 for name, _ in FIGURES} | {"median_days": None}
    rows = [
        ReportRow((slug,), titles.get(slug, slug), figures.get((slug,), empty)) for slug in slugs
    ]
    return ReportTable("By course", "Course", COURSE_FIGURES, rows)
