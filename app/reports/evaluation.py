"""The evaluation feedback and the three-month follow-up."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    case,
    func,
    select,
)
from sqlalchemy.orm import Session

from app.courses.model import Course
from app.models import (
    EvaluationFeedback,
    FollowUpAnswer,
    Organisation,
)
from app.reports.filters import CATEGORY, GROUPS, ReportFilters, in_period, with_learner
from app.reports.tables import (
    Grouping,
    ReportRow,
    ReportTable,
    as_int,
    count_rows,
    group_keys,
)

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
    keys = group_keys(grouping, f.course_slug)

    def answered_average(expression):
        return func.avg(case((answered, expression), else_=None))

    query = (
        with_learner(select(*keys).select_from(f), f.user_id, filters)
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
                [as_int(values[0]), as_int(values[1]), *map(_average, values[2:])],
                strict=True,
            )
        )
        for key, values in count_rows(session, query, len(keys)).items()
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
        with_learner(
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
        with_learner(
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
        (engagement.value if engagement else None): as_int(count)
        for engagement, count in session.execute(query)
    }
