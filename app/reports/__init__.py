"""The network's reports: aggregate SQL over accounts, progress, awards and evaluation.

Every figure is counted by the database (GROUP BY, window functions), never by loading rows into
Python, so the reports stay fast at the scale of the whole local-government family. The few
expressions that differ between SQLite and PostgreSQL (days between two times, the month of a
time, unnesting a JSON array) are small constructs compiled per dialect (`sql`).
"""

from app.reports.courses import FunnelStep, HardQuestion, course_funnel, hardest_questions
from app.reports.engagement import engagement_by_month, months_between
from app.reports.evaluation import (
    EVALUATION_FIGURES,
    Comment,
    evaluation_table,
    follow_up_figures,
    list_comments,
)
from app.reports.filters import GROUPS, GROUPS_BY_KEY, Group, ReportFilters
from app.reports.tables import (
    FIGURES,
    Grouping,
    ReportRow,
    ReportTable,
    by_course,
    by_organisation,
    median_days_to_complete,
    overview,
)

__all__ = [
    "EVALUATION_FIGURES",
    "FIGURES",
    "GROUPS",
    "GROUPS_BY_KEY",
    "Comment",
    "FunnelStep",
    "Group",
    "Grouping",
    "HardQuestion",
    "ReportFilters",
    "ReportRow",
    "ReportTable",
    "by_course",
    "by_organisation",
    "course_funnel",
    "engagement_by_month",
    "evaluation_table",
    "follow_up_figures",
    "hardest_questions",
    "list_comments",
    "median_days_to_complete",
    "months_between",
    "overview",
]
