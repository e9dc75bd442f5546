"""Evaluation feedback at the end of a course, and the follow-up three months later: once each."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import evaluation
from app.models import CourseCompletion, Engagement, EvaluationFeedback, FollowUpAnswer

ANSWERS = {
    "knowledge_before": "2",
    "knowledge_after": "4",
    "confidence_before": "1",
    "confidence_after": "5",
    "belonging": "3",
    "intends_to_stay_involved": "yes",
    "comments": "  Very useful.  ",
}


@pytest.fixture
def completed(db, make_user, login, course, now):
    """A signed-in learner who completed the test course `days_ago` days ago (default today)."""

    def make(days_ago: int = 0):
        user = login(make_user())
        db.add(
            CourseCompletion(
                user_id=user.id,
                course_slug=course.slug,
                course_version="v1",
                module_versions={},
                completed_at=now - timedelta(days=days_ago),
            )
        )
        db.commit()
        return user

    return make


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_the_dashboard_asks_for_feedback_after_a_completion(client, completed):
    completed()
    page = client.get("/learn/").get_data(as_text=True)
    assert "Tell us what you thought of A test course" in page
    assert 'href="/feedback/courses/test-course"' in page


def test_feedback_is_recorded_once(db, client, forms, completed):
    user = completed()
    response = forms.submit("/feedback/courses/test-course", ANSWERS)
    assert response.status_code == 302
    row = db.scalar(select(EvaluationFeedback))
    assert (row.user_id, row.knowledge_before, row.confidence_after) == (user.id, 2, 5)
    assert row.intends_to_stay_involved is True and row.comments == "Very useful."
    # Asked once: the page now says so, and the dashboard no longer asks.
    response = client.get("/feedback/courses/test-course")
    assert response.status_code == 302
    assert "Tell us what you thought" not in client.get("/learn/").get_data(as_text=True)
    assert count(db, EvaluationFeedback) == 1


def test_missing_answers_get_an_error_summary(db, forms, completed):
    completed()
    response = forms.submit(
        "/feedback/courses/test-course", {**ANSWERS, "knowledge_before": "", "belonging": "9"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#knowledge_before-0">Rate your knowledge before the course</a>' in page
    assert '<a href="#belonging-0">Rate how much you feel part of the network</a>' in page
    assert count(db, EvaluationFeedback) == 0


def test_skipping_is_recorded_so_it_is_not_asked_again(db, client, forms, completed):
    completed()
    response = forms.submit("/feedback/courses/test-course", {"skip": "1"})
    assert response.status_code == 302
    row = db.scalar(select(EvaluationFeedback))
    assert row.is_skipped and row.knowledge_before is None
    assert "Tell us what you thought" not in client.get("/learn/").get_data(as_text=True)


def test_no_feedback_without_a_completion(client, login, make_user, course):
    login(make_user())
    assert client.get("/feedback/courses/test-course").status_code == 404
    assert client.get("/feedback/courses/no-such-course").status_code == 404


def test_no_feedback_without_a_csrf_token(db, client, completed):
    completed()
    assert client.post("/feedback/courses/test-course", data=ANSWERS).status_code == 400
    assert client.post("/feedback/courses/test-course", data={"skip": "1"}).status_code == 400
    assert count(db, EvaluationFeedback) == 0


def test_the_follow_up_waits_three_months(client, completed):
    completed(days_ago=80)
    assert client.get("/feedback/follow-up/test-course").status_code == 404


def test_the_follow_up_is_shown_on_the_next_visit_and_answered_once(
    db, client, forms, completed, now
):
    user = completed(days_ago=100)
    evaluation.record_feedback(db, user, "test-course", None, None, now)  # skipped earlier
    db.commit()
    page = client.get("/learn/").get_data(as_text=True)
    assert "Three months on from A test course" in page
    response = forms.submit("/feedback/follow-up/test-course", {"engagement": "sideways"})
    assert response.status_code == 400
    response = forms.submit(
        "/feedback/follow-up/test-course", {"engagement": "more", "comments": "Went to a meetup"}
    )
    assert response.status_code == 302
    answer = db.scalar(select(FollowUpAnswer))
    assert answer.engagement is Engagement.MORE and answer.comments == "Went to a meetup"
    assert "Three months on" not in client.get("/learn/").get_data(as_text=True)
    assert client.get("/feedback/follow-up/test-course").status_code == 302


def test_recording_twice_changes_nothing(db, make_user, course, now):
    user = make_user()
    with pytest.raises(evaluation.EvaluationError):
        evaluation.record_feedback(db, user, course.slug, None, None, now)
    db.add(
        CourseCompletion(
            user_id=user.id,
            course_slug=course.slug,
            course_version="v",
            module_versions={},
            completed_at=now,
        )
    )
    ratings = evaluation.Ratings(1, 2, 3, 4, 5, False)
    assert evaluation.record_feedback(db, user, course.slug, ratings, "x", now)
    assert not evaluation.record_feedback(db, user, course.slug, None, None, now)
    db.commit()
    assert count(db, EvaluationFeedback) == 1
    with pytest.raises(evaluation.EvaluationError, match="from 1 to 5"):
        evaluation.record_feedback(
            db, user, course.slug, evaluation.Ratings(0, 2, 3, 4, 5, True), None, now
        )


def test_the_prompt_comes_from_one_query_on_the_learners_completions(db, make_user, now):
    user = make_user()
    for slug, days in (("old", 200), ("newer", 120), ("recent", 1)):
        db.add(
            CourseCompletion(
                user_id=user.id,
                course_slug=slug,
                course_version="v",
                module_versions={},
                completed_at=now - timedelta(days=days),
            )
        )
    db.flush()
    assert evaluation.find_prompt(db, user, now) == evaluation.Prompt("feedback", "recent")
    for slug in ("old", "newer", "recent"):
        evaluation.record_feedback(db, user, slug, None, None, now)
    assert evaluation.find_prompt(db, user, now) == evaluation.Prompt("follow-up", "old")
    evaluation.record_follow_up(db, user, "old", Engagement.SAME, None, now)
    assert evaluation.find_prompt(db, user, now) == evaluation.Prompt("follow-up", "newer")
    evaluation.record_follow_up(db, user, "newer", None, None, now)
    assert evaluation.find_prompt(db, user, now) is None
