"""Engagement over time, for the charts."""

from datetime import date, datetime, timedelta

from sqlalchemy import (
    Select,
    func,
    select,
)
from sqlalchemy.orm import Session

from app.models import (
    CourseCompletion,
    ModuleCompletion,
    Organisation,
    User,
)
from app.reports.filters import ReportFilters, in_period, learner_conditions, with_learner
from app.reports.sql import month_of
from app.reports.tables import as_int

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
            row_month: as_int(count)
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
        query = with_learner(
            select(func.count(model.id)).select_from(model), model.user_id, filters
        )
        if filters.course_slug:
            query = query.where(model.course_slug == filters.course_slug)
        series[label] = monthly(query, model.completed_at)
    return months, series
