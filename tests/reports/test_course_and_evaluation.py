"""A course's funnel and hardest questions, engagement by month, and the evaluation report."""

from datetime import date

import pytest

from app import reports
from app.models import (
    AssociateKind,
    CouncilRole,
    Engagement,
    EvaluationFeedback,
    FollowUpAnswer,
    MembershipCategory,
)
from app.reports import Grouping, ReportFilters
from tests.reports.conftest import NOW, at


@pytest.fixture
def journeys(db, network, progress_records):
    p = progress_records
    for name, module in (("ann", "first"), ("ann", "second"), ("bob", "first"), ("dan", "first")):
        p.read(network[name], module, at(3, 3))
    p.attempt(network["ann"], "first", [], at(1, 11))
    p.attempt(network["ann"], "second", [], at(1, 14))
    p.attempt(network["bob"], "first", [1, 2], at(2, 11))
    p.attempt(network["bob"], "first", [], at(2, 12))
    p.attempt(network["dan"], "first", [1], at(3, 3))
    db.commit()
    return network


def funnel(db, course, filters: ReportFilters | None = None):
    steps = reports.course_funnel(db, filters or ReportFilters(), course)
    return [(step.label, step.learners) for step in steps]


def test_the_funnel_follows_the_learners_who_enrolled(db, journeys, course):
    assert funnel(db, course) == [
        ("Enrolled", 5),
        ("Started module 1: The first module", 3),
        ("Passed the knowledge check of module 1", 2),
        ("Started module 2: The second module", 1),
        ("Passed the knowledge check of module 2", 1),
        ("Completed the course", 4),
        ("Hold the course badge", 3),  # Bob's was revoked; Eve's reissue counts once
    ]


def test_the_funnel_cohort_is_the_learners_who_enrolled_in_the_period(db, journeys, course):
    filters = ReportFilters(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert [count for _label, count in funnel(db, course, filters)] == [2, 1, 0, 0, 0, 1, 1]


def test_the_hardest_questions_come_first_with_their_share_of_attempts(db, journeys, course):
    questions = reports.hardest_questions(db, ReportFilters(), course)
    assert [(q.module_slug, q.number, q.wrong, q.attempts, q.percent_wrong) for q in questions] == [
        ("first", 1, 2, 4, 50),
        ("first", 2, 1, 4, 25),
    ]
    assert questions[0].prompt == "Pick a" and questions[0].module_title == "The first module"
    councillors = reports.hardest_questions(
        db, ReportFilters(council_role=CouncilRole.COUNCILLOR), course
    )
    assert [(q.number, q.wrong, q.attempts) for q in councillors] == [(1, 1, 2)]


def test_engagement_by_month_fills_empty_months(db, network):
    filters = ReportFilters(start=date(2026, 1, 1), end=date(2026, 5, 31))
    months, series = reports.engagement_by_month(db, filters, NOW)
    assert months == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    assert series == {
        "Learners registered": [1, 1, 2, 1, 0],
        "Modules completed": [2, 1, 0, 1, 0],
        "Courses completed": [1, 1, 1, 1, 0],
    }


def test_engagement_defaults_to_the_last_twelve_months(db, network):
    months, series = reports.engagement_by_month(db, ReportFilters(), NOW)
    assert months[0] == "2025-07" and months[-1] == "2026-06" and len(months) == 12
    assert sum(series["Learners registered"]) == 5


@pytest.fixture
def feedback(db, network):
    def rate(name, k, c, belonging, stay, comments=None):
        db.add(
            EvaluationFeedback(
                user_id=network[name].id,
                course_slug="test-course",
                knowledge_before=k[0],
                knowledge_after=k[1],
                confidence_before=c[0],
                confidence_after=c[1],
                belonging=belonging,
                intends_to_stay_involved=stay,
                comments=comments,
                submitted_at=at(5, 1),
            )
        )

    rate("ann", (2, 4), (1, 4), 4, True, "Great course")
    rate("bob", (3, 4), (3, 3), 2, False)
    rate("eve", (1, 5), (2, 5), 5, True, "=cmd|' /C calc'!A0")
    db.add(
        EvaluationFeedback(
            user_id=network["cat"].id,
            course_slug="test-course",
            is_skipped=True,
            submitted_at=at(5, 2),
        )
    )
    db.add(
        FollowUpAnswer(
            user_id=network["ann"].id,
            course_slug="test-course",
            engagement=Engagement.MORE,
            submitted_at=at(5, 3),
        )
    )
    db.add(
        FollowUpAnswer(
            user_id=network["bob"].id,
            course_slug="test-course",
            is_skipped=True,
            submitted_at=at(5, 3),
        )
    )
    db.commit()


EVALUATION = [name for name, _heading in reports.EVALUATION_FIGURES]


def evaluation_row(table, key):
    row = next(row for row in table.rows if row.key == key)
    return tuple(row.figures.get(name) for name in EVALUATION)


def test_evaluation_averages_and_change_by_category(db, feedback):
    table = reports.evaluation_table(db, ReportFilters(), Grouping.CATEGORY)
    full = (MembershipCategory.FULL, None)
    parish = (MembershipCategory.ASSOCIATE, AssociateKind.LOCAL_COUNCIL)
    supporter = (MembershipCategory.SUPPORTER, None)
    assert evaluation_row(table, full) == (2, 0, 2.5, 4.0, 1.5, 2.0, 3.5, 1.5, 3.0, 50.0)
    assert evaluation_row(table, parish) == (0, 1, None, None, None, None, None, None, None, None)
    assert evaluation_row(table, supporter) == (1, 0, 1.0, 5.0, 4.0, 2.0, 5.0, 3.0, 5.0, 100.0)


def test_evaluation_by_course(db, feedback, catalogue):
    table = reports.evaluation_table(db, ReportFilters(), Grouping.COURSE, catalogue.courses)
    assert evaluation_row(table, ("test-course",)) == (
        3,
        1,
        2.0,
        4.33,
        2.33,
        2.0,
        4.0,
        2.0,
        3.67,
        66.67,
    )
    assert table.rows[0].label == "A test course"
    assert (
        reports.evaluation_table(db, ReportFilters(end=date(2026, 4, 30)), Grouping.COURSE).rows
        == []
    )


def test_comments_and_follow_up_answers(db, feedback):
    comments = reports.list_comments(db, ReportFilters())
    assert sorted((c.text, c.group_label) for c in comments) == [
        ("=cmd|' /C calc'!A0", "Supporter"),
        ("Great course", "Full"),
    ]
    assert reports.follow_up_figures(db, ReportFilters()) == {"more": 1, None: 1}
    assert reports.follow_up_figures(db, ReportFilters(group="supporter")) == {}


def test_comment_exports_are_safe_in_a_spreadsheet(client, feedback, make_user, login):
    from app.models import AccountRole

    login(make_user(role=AccountRole.ADMIN))
    text = client.get("/admin/reports/export/comments.csv").get_data(as_text=True)
    assert "\"'=cmd|' /C calc'!A0\"" in text or "'=cmd|' /C calc'!A0" in text
    assert "\n=cmd" not in text and ",=cmd" not in text
