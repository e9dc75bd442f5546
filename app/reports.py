"""The network's reports: aggregate SQL over accounts, progress, awards and evaluation.

Every figure is counted by the database (GROUP BY, window functions), never by loading rows into
Python, so the reports stay fast at the scale of the whole local-government family. The few
expressions that differ between SQLite and PostgreSQL (days between two times, the month of a
time, unnesting a JSON array) are small constructs compiled per dialect.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import (
    Float,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from app.courses.model import Course
from app.models import (
    AssociateKind,
    Award,
    BadgeClassVersion,
    BadgeKind,
    CouncilRole,
    CourseCompletion,
    Enrolment,
    EvaluationFeedback,
    FollowUpAnswer,
    MembershipCategory,
    ModuleCompletion,
    Organisation,
    QuizAttempt,
    SectionRead,
    User,
)

ACTIVE_WINDOW = timedelta(days=30)


# -- Expressions that each database writes its own way --------------------------------------------


class days_between(FunctionElement):
    """Days (fractional) from the first time to the second."""

    type = Float()
    name = "days_between"
    inherit_cache = True


@compiles(days_between)
def _days_between_postgresql(element, compiler, **kw) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw) -> str:
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(julianday({end}) - julianday({start}))"


class month_of(FunctionElement):
    """The UTC month of a time as text, `2026-11`."""

    type = String()
    name = "month_of"
    inherit_cache = True


@compiles(month_of)
def _month_of_postgresql(element, compiler, **kw) -> str:
    (moment,) = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"to_char(({moment}) AT TIME ZONE 'UTC', 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw) -> str:
    (moment,) = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"strftime('%Y-%m', {moment})"


def json_array_values(session: Session, column: ColumnElement):
    """The values of a JSON array column as a table to join (json_each, json_array_elements)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.json_each(column).table_valued("value")
    return func.json_array_elements_text(column).table_valued("value")


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


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def in_period(column, filters: ReportFilters) -> ColumnElement[bool]:
    """The time `column` falls in the filters' dates (always true without dates)."""
    conditions = []
    if filters.start:
        conditions.append(column >= _start_of(filters.start))
    if filters.end:
        conditions.append(column < _start_of(filters.end + timedelta(days=1)))
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


def _with_learner(query: Select, user_id_column, filters: ReportFilters) -> Select:
    """Join the learner (and their organisation) that `user_id_column` names, and filter."""
    return (
        query.join(User, User.id == user_id_column)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(*learner_conditions(filters))
    )


# -- Figures grouped by membership group, organisation or course ----------------------------------


class Grouping(StrEnum):
    CATEGORY = "category"
    ORGANISATION = "organisation"
    COURSE = "course"
    TOTAL = "total"


def _keys(grouping: Grouping, course_column) -> list:
    columns = {
        Grouping.CATEGORY: [CATEGORY, Organisation.associate_kind],
        Grouping.ORGANISATION: [User.organisation_id],
        Grouping.COURSE: [course_column],
        Grouping.TOTAL: [],
    }[grouping]
    return [column.label(f"k{index}") for index, column in enumerate(columns)]


def _key_of(row: Sequence, width: int) -> tuple:
    return tuple(row[:width])


def _count_rows(session: Session, query: Select, width: int) -> dict[tuple, tuple]:
    return {_key_of(row, width): tuple(row[width:]) for row in session.execute(query)}


def _number(value) -> int:
    return int(value or 0)


def learner_figures(
    session: Session, filters: ReportFilters, grouping: Grouping, now: datetime
) -> dict[tuple, tuple[int, int]]:
    """(learners, active in the last 30 days) per key. By course, learners are enrolments."""
    cutoff = now - ACTIVE_WINDOW
    if grouping is Grouping.COURSE:
        keys = _keys(grouping, Enrolment.course_slug)
        query = _with_learner(select(*keys), Enrolment.user_id, filters).select_from(Enrolment)
        query = query.add_columns(
            func.count(Enrolment.id),
            func.sum(case((User.last_seen_at >= cutoff, 1), else_=0)),
        ).where(in_period(Enrolment.enrolled_at, filters))
        if filters.course_slug:
            query = query.where(Enrolment.course_slug == filters.course_slug)
    else:
        keys = _keys(grouping, None)
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
    rows = _count_rows(session, query.group_by(*keys), len(keys))
    return {key: (_number(count), _number(active)) for key, (count, active) in rows.items()}


def organisation_figures(session: Session, filters: ReportFilters) -> dict[tuple, tuple[int, int]]:
    """(active organisations with at least one learner, all active organisations) per group."""
    has_learner = (
        exists()
        .where(User.organisation_id == Organisation.id, *learner_conditions(filters))
        .where(
            User.created_at < _start_of(filters.end + timedelta(days=1)) if filters.end else True
        )
    )
    if filters.course_slug:
        has_learner = has_learner.where(
            exists().where(
                Enrolment.user_id == User.id, Enrolment.course_slug == filters.course_slug
            )
        )
    keys = _keys(Grouping.CATEGORY, None)
    query = (
        select(*keys)
        .select_from(Organisation)
        .where(Organisation.is_active)
        .add_columns(func.sum(case((has_learner, 1), else_=0)), func.count(Organisation.id))
        .group_by(*keys)
    )
    if filters.organisation_id:
        query = query.where(Organisation.id == filters.organisation_id)
    rows = _count_rows(session, query, len(keys))
    return {
        key: (_number(with_learners), _number(total))
        for key, (with_learners, total) in rows.items()
    }


def completion_figures(
    session: Session, filters: ReportFilters, grouping: Grouping, model
) -> dict[tuple, int]:
    """Module or course completions in the period, per key."""
    keys = _keys(grouping, model.course_slug)
    query = (
        _with_learner(
            select(*keys, func.count(model.id)).select_from(model), model.user_id, filters
        )
        .where(in_period(model.completed_at, filters))
        .group_by(*keys)
    )
    if filters.course_slug:
        query = query.where(model.course_slug == filters.course_slug)
    return {key: _number(count) for key, (count,) in _count_rows(session, query, len(keys)).items()}


def award_figures(
    session: Session, filters: ReportFilters, grouping: Grouping, now: datetime
) -> dict[tuple, tuple[int, int, int]]:
    """(issued, revoked, expired) badges per key, module and course badges alike.

    A reissued award (replaced by a corrected one) is left out, so a reissue counts once.
    """
    keys = _keys(grouping, BadgeClassVersion.course_slug)
    expired = and_(
        Award.expires_at.is_not(None),
        Award.expires_at <= now,
        Award.revoked_at.is_(None),
        in_period(Award.expires_at, filters),
    )
    query = (
        _with_learner(select(*keys).select_from(Award), Award.user_id, filters)
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
    rows = _count_rows(session, query, len(keys))
    return {key: tuple(_number(value) for value in values) for key, values in rows.items()}


def median_days_to_complete(
    session: Session, filters: ReportFilters, grouping: Grouping
) -> dict[tuple, float]:
    """The median days from enrolment to course completion, per key.

    Portable SQL: number each key's completions by duration, then average the middle one (odd
    count) or two (even count): rows (n + 1) / 2 and (n + 2) / 2 in integer division.
    """
    keys = _keys(grouping, CourseCompletion.course_slug)
    durations = _with_learner(
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
        for key, (median,) in _count_rows(session, query, len(keys)).items()
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


# -- A course's funnel and its hardest questions --------------------------------------------------


@dataclass(frozen=True)
class FunnelStep:
    label: str
    learners: int


def course_funnel(session: Session, filters: ReportFilters, course: Course) -> list[FunnelStep]:
    """Of the learners who enrolled in the period: how many started each module, passed each
    knowledge check, completed the course and hold its badge."""
    cohort = _with_learner(
        select(Enrolment.user_id).select_from(Enrolment), Enrolment.user_id, filters
    ).where(Enrolment.course_slug == course.slug, in_period(Enrolment.enrolled_at, filters))
    cohort_ids = cohort.scalar_subquery()
    enrolled = session.scalar(select(func.count()).select_from(cohort.subquery()))

    def per_module(model, *conditions) -> dict[str, int]:
        query = (
            select(model.module_slug, func.count(func.distinct(model.user_id)))
            .where(model.course_slug == course.slug, model.user_id.in_(cohort_ids), *conditions)
            .group_by(model.module_slug)
        )
        return {slug: _number(count) for slug, count in session.execute(query)}

    started = per_module(SectionRead)
    passed = per_module(QuizAttempt, QuizAttempt.is_passed.is_(True))
    completed = session.scalar(
        select(func.count(CourseCompletion.id)).where(
            CourseCompletion.course_slug == course.slug, CourseCompletion.user_id.in_(cohort_ids)
        )
    )
    awarded = session.scalar(
        select(func.count(func.distinct(Award.user_id)))
        .join(BadgeClassVersion, BadgeClassVersion.id == Award.badge_class_version_id)
        .where(
            BadgeClassVersion.course_slug == course.slug,
            BadgeClassVersion.kind == BadgeKind.COURSE,
            Award.revoked_at.is_(None),
            Award.user_id.in_(cohort_ids),
        )
    )
    steps = [FunnelStep("Enrolled", _number(enrolled))]
    for module in course.visible_modules():
        steps.append(
            FunnelStep(
                f"Started module {module.number}: {module.title}", started.get(module.slug, 0)
            )
        )
        if module.quiz is not None:
            steps.append(
                FunnelStep(
                    f"Passed the knowledge check of module {module.number}",
                    passed.get(module.slug, 0),
                )
            )
    steps.append(FunnelStep("Completed the course", _number(completed)))
    steps.append(FunnelStep("Hold the course badge", _number(awarded)))
    return steps


@dataclass(frozen=True)
class HardQuestion:
    module_slug: str
    module_title: str
    number: int
    prompt: str
    wrong: int
    attempts: int

    @property
    def percent_wrong(self) -> int:
        return round(100 * self.wrong / self.attempts) if self.attempts else 0


def hardest_questions(
    session: Session, filters: ReportFilters, course: Course, limit: int = 10
) -> list[HardQuestion]:
    """The knowledge-check questions most often answered wrongly, with how many attempts."""
    wrong = json_array_values(session, QuizAttempt.wrong_questions)
    number = cast(wrong.c.value, Integer)
    attempt_filter = [
        QuizAttempt.course_slug == course.slug,
        in_period(QuizAttempt.submitted_at, filters),
    ]
    query = (
        _with_learner(
            select(QuizAttempt.module_slug, number.label("number"), func.count().label("wrong"))
            .select_from(QuizAttempt)
            .join(wrong, true()),
            QuizAttempt.user_id,
            filters,
        )
        .where(*attempt_filter)
        .group_by(QuizAttempt.module_slug, number)
        .order_by(func.count().desc(), QuizAttempt.module_slug, number)
        .limit(limit)
    )
    attempts = dict(
        session.execute(
            _with_learner(
                select(QuizAttempt.module_slug, func.count(QuizAttempt.id)).select_from(
                    QuizAttempt
                ),
                QuizAttempt.user_id,
                filters,
            )
            .where(*attempt_filter)
            .group_by(QuizAttempt.module_slug)
        ).all()
    )
    questions = []
    for module_slug, question_number, count in session.execute(query):
        module = course.module(module_slug)
        quiz_questions = module.quiz.questions if module and module.quiz else ()
        prompt = next((q.prompt for q in quiz_questions if q.number == question_number), "")
        questions.append(
            HardQuestion(
                module_slug,
                module.title if module else module_slug,
                int(question_number),
                prompt,
                _number(count),
                _number(attempts.get(module_slug)),
            )
        )
    return questions


# -- Charts' data ---------------------------------------------------------------------------------


def months_between(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def engagement_by_month(
    session: Session, filters: ReportFilters, now: datetime
) -> tuple[list[str], dict[str, list[int]]]:
    """Learners registered, modules completed and courses completed in each month of the
    period (the last 12 months when no start date is given)."""
    end = filters.end or now.date()
    start = filters.start or date(end.year - 1, end.month, 1) + timedelta(days=31)
    start = start.replace(day=1)
    window = ReportFilters(
        start,
        end,
        filters.group,
        filters.organisation_id,
        filters.course_slug,
        filters.council_role,
    )
    months = months_between(start, end)

    def monthly(query: Select, column) -> list[int]:
        month = month_of(column)
        counts = {
            row_month: _number(count)
            for count, row_month in session.execute(
                query.add_columns(month).where(in_period(column, window)).group_by(month)
            )
        }
        return [counts.get(month_name, 0) for month_name in months]

    registered_query = (
        select(func.count(User.id))
        .select_from(User)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(*learner_conditions(filters))
    )
    series = {"Learners registered": monthly(registered_query, User.created_at)}
    for label, model in (
        ("Modules completed", ModuleCompletion),
        ("Courses completed", CourseCompletion),
    ):
        query = _with_learner(
            select(func.count(model.id)).select_from(model), model.user_id, filters
        )
        if filters.course_slug:
            query = query.where(model.course_slug == filters.course_slug)
        series[label] = monthly(query, model.completed_at)
    return months, series


# -- Evaluation -----------------------------------------------------------------------------------


EVALUATION_FIGURES = (
    ("responses", "Responses"),
    ("skipped", "Skipped"),
    ("knowledge_before", "Knowledge before"),
    ("knowledge_after", "Knowledge after"),
    ("knowledge_change", "Change in knowledge"),
    ("confidence_before", "Confidence before"),
    ("confidence_after", "Confidence after"),
    ("confidence_change", "Change in confidence"),
    ("belonging", "Feel part of the network"),
    ("intend_to_stay", "Intend to stay involved (%)"),
)


def _average(value) -> float | None:
    return None if value is None else round(float(value), 2)


def evaluation_table(
    session: Session, filters: ReportFilters, grouping: Grouping, courses: Sequence[Course] = ()
) -> ReportTable:
    """Average ratings before and after, and the change, by membership group or by course."""
    f = EvaluationFeedback
    answered = f.is_skipped.is_(False)
    keys = _keys(grouping, f.course_slug)

    def answered_average(expression):
        return func.avg(case((answered, expression), else_=None))

    query = (
        _with_learner(select(*keys).select_from(f), f.user_id, filters)
        .add_columns(
            func.sum(case((answered, 1), else_=0)),
            func.sum(case((answered, 0), else_=1)),
            answered_average(f.knowledge_before * 1.0),
            answered_average(f.knowledge_after * 1.0),
            answered_average((f.knowledge_after - f.knowledge_before) * 1.0),
            answered_average(f.confidence_before * 1.0),
            answered_average(f.confidence_after * 1.0),
            answered_average((f.confidence_after - f.confidence_before) * 1.0),
            answered_average(f.belonging * 1.0),
            answered_average(case((f.intends_to_stay_involved.is_(True), 100.0), else_=0.0)),
        )
        .where(in_period(f.submitted_at, filters))
        .group_by(*keys)
    )
    if filters.course_slug:
        query = query.where(f.course_slug == filters.course_slug)
    names = [name for name, _ in EVALUATION_FIGURES]
    results = {
        key: dict(
            zip(
                names,
                [_number(values[0]), _number(values[1]), *map(_average, values[2:])],
                strict=True,
            )
        )
        for key, values in _count_rows(session, query, len(keys)).items()
    }
    if grouping is Grouping.CATEGORY:
        rows = [
            ReportRow(
                (g.category, g.associate_kind),
                g.label,
                results.get((g.category, g.associate_kind), {}),
            )
            for g in GROUPS
            if not filters.group or g.key == filters.group
        ]
        return ReportTable(
            "Evaluation by membership category", "Membership category", EVALUATION_FIGURES, rows
        )
    titles = {course.slug: course.title for course in courses}
    rows = [
        ReportRow(key, titles.get(key[0], key[0]), values)
        for key, values in sorted(results.items())
    ]
    return ReportTable("Evaluation by course", "Course", EVALUATION_FIGURES, rows)


@dataclass(frozen=True)
class Comment:
    course_slug: str
    group_label: str
    text: str
    submitted_at: datetime


def list_comments(session: Session, filters: ReportFilters, limit: int = 200) -> list[Comment]:
    """The learners' free text, newest first, without their names."""
    f = EvaluationFeedback
    query = (
        _with_learner(
            select(
                f.course_slug, CATEGORY, Organisation.associate_kind, f.comments, f.submitted_at
            ).select_from(f),
            f.user_id,
            filters,
        )
        .where(f.comments.is_not(None), in_period(f.submitted_at, filters))
        .order_by(f.submitted_at.desc())
        .limit(limit)
    )
    if filters.course_slug:
        query = query.where(f.course_slug == filters.course_slug)
    labels = {(g.category, g.associate_kind): g.label for g in GROUPS}
    return [
        Comment(slug, labels.get((category, kind), "Supporter"), text, submitted_at)
        for slug, category, kind, text, submitted_at in session.execute(query)
    ]


def follow_up_figures(session: Session, filters: ReportFilters) -> dict[str | None, int]:
    """How the three-month follow-up was answered: engagement value (None: skipped) to count."""
    query = (
        _with_learner(
            select(FollowUpAnswer.engagement, func.count(FollowUpAnswer.id)).select_from(
                FollowUpAnswer
            ),
            FollowUpAnswer.user_id,
            filters,
        )
        .where(in_period(FollowUpAnswer.submitted_at, filters))
        .group_by(FollowUpAnswer.engagement)
    )
    if filters.course_slug:
        query = query.where(FollowUpAnswer.course_slug == filters.course_slug)
    return {
        (engagement.value if engagement else None): _number(count)
        for engagement, count in session.execute(query)
    }
