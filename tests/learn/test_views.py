"""The learner's pages through the test client: visibility, marking, bad input, exports."""

import csv
import io
import os

import pytest
from sqlalchemy import func, select

from app.models import AccountRole, MembershipCategory, ModuleCompletion, QuizAttempt, SectionRead
from tests.conftest import csrf_token_from
from tests.learn.conftest import RIGHT, WRONG

COURSE = "/learn/courses/test-course"


@pytest.fixture
def learner(login, make_user, course_tree):
    return login(
        make_user(category=MembershipCategory.ASSOCIATE, associate_kind="opposition_group")
    )


def count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def test_the_dashboard_shows_the_pathway_with_progress(client, learner):
    html = client.get("/learn/").get_data(as_text=True)
    assert "Core courses" in html and "A test course" in html
    assert "0 of 2 modules completed" in html


def test_reading_a_section_records_it_and_continue_returns_there(client, db, learner):
    response = client.get(f"{COURSE}/second/2")
    assert response.status_code == 200
    assert "Second section" in response.get_data(as_text=True)
    assert count(db, SectionRead) == 1
    dashboard = client.get("/learn/").get_data(as_text=True)
    assert f'href="{COURSE}/second/2">Continue' in dashboard


def test_a_missing_section_or_module_is_404(client, learner):
    assert client.get(f"{COURSE}/first/9").status_code == 404
    assert client.get(f"{COURSE}/no-such-module").status_code == 404
    assert client.get("/learn/courses/no-such-course/first").status_code == 404


def submit_quiz(forms, answers, module="first"):
    data = {name: values for name, values in answers.items()}
    return forms.submit(f"{COURSE}/{module}/check", data)


def test_a_failed_then_passed_check_completes_the_module(client, db, forms, learner):
    for number in (1, 2):
        client.get(f"{COURSE}/first/{number}")
    failed = submit_quiz(forms, WRONG)
    assert failed.status_code == 200
    html = failed.get_data(as_text=True)
    assert "You did not pass this time" in html and "Because a." in html
    assert "You got 0 of 2 right. You need 2 to pass." in html
    passed = submit_quiz(forms, RIGHT)
    assert "You passed" in passed.get_data(as_text=True)
    assert count(db, QuizAttempt) == 2
    assert count(db, ModuleCompletion) == 1
    course_page = client.get(COURSE).get_data(as_text=True)
    assert "1 of 2 modules completed" in course_page


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q1": ["a"]}, "Answer question 2"),
        ({"q1": ["z"], "q2": ["a"]}, "Question 1 has an answer that is not one of its options"),
        ({**RIGHT, "q7": ["a"]}, "fields this check does not ask"),
    ],
)
def test_bad_quiz_submissions_get_400_and_record_nothing(db, forms, learner, answers, message):
    response = submit_quiz(forms, answers)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and message in html
    assert count(db, QuizAttempt) == 0


def test_a_quiz_without_csrf_is_refused(client, db, learner):
    response = client.post(f"{COURSE}/first/check", data=RIGHT)
    assert response.status_code == 400
    assert count(db, QuizAttempt) == 0


def test_learners_never_see_drafts_and_authors_preview_them(
    client, login, make_user, course_tree, app
):
    course_tree.edit("courses/test-course/02-second.md", "status: published", "status: draft")
    app.extensions["catalogue"].auto_reload = True
    login(make_user())
    assert client.get(f"{COURSE}/second").status_code == 404
    assert client.get(f"{COURSE}/second/check").status_code == 404
    assert "The second module" not in client.get(COURSE).get_data(as_text=True)


def test_authors_see_drafts_marked_as_drafts(client, login, make_user, course_tree, app):
    course_tree.edit("courses/test-course/02-second.md", "status: published", "status: draft")
    app.extensions["catalogue"].auto_reload = True
    login(make_user(role=AccountRole.AUTHOR))
    page = client.get(f"{COURSE}/second/1")
    assert page.status_code == 200
    assert ">Draft</strong>" in page.get_data(as_text=True)
    report = client.get("/author/").get_data(as_text=True)
    assert "No problems" in report and "The second module" in report


def test_the_content_report_lists_every_problem(client, login, make_user, course_tree, app):
    path = course_tree.edit("courses/test-course/01-first.md", "answer: a", "answer: q")
    os.utime(path, ns=(1, 1))  # the same size: make sure the modification time differs
    app.extensions["catalogue"].auto_reload = True
    login(make_user(role=AccountRole.AUTHOR))
    report = client.get("/author/").get_data(as_text=True)
    assert "courses/test-course/01-first.md:36:" in report
    assert "question 1: the answer" in report


def test_a_draft_course_is_hidden_from_learners(client, login, make_user, course_tree, app):
    course_tree.edit("courses/test-course/course.md", "status: published", "status: draft")
    app.extensions["catalogue"].auto_reload = True
    login(make_user())
    assert client.get(COURSE).status_code == 404
    assert "A test course" not in client.get("/learn/").get_data(as_text=True)


def test_reflection_saves_on_submit_and_as_json(client, db, forms, learner):
    response = forms.submit(
        f"{COURSE}/first/reflection",
        {"text": "I will ask residents first.", "is_shared_as_evidence": "y"},
    )
    assert response.status_code == 302
    page = client.get(f"{COURSE}/first/reflection").get_data(as_text=True)
    assert "I will ask residents first." in page
    token_page = client.get(f"{COURSE}/first/reflection").get_data(as_text=True)
    saved = client.post(
        f"{COURSE}/first/reflection",
        data={"csrf_token": csrf_token_from(token_page), "text": "Typed"},
        headers={"Accept": "application/json"},
    )
    assert saved.status_code == 200 and saved.json == {"saved": True}
    too_long = forms.submit(f"{COURSE}/first/reflection", {"text": "x" * 6000})
    assert too_long.status_code == 400
    assert "5000 characters or fewer" in too_long.get_data(as_text=True)


def test_my_progress_and_its_exports(client, forms, learner):
    client.get(f"{COURSE}/first/1")
    submit_quiz(forms, WRONG)
    page = client.get("/learn/progress").get_data(as_text=True)
    assert "Knowledge check" in page and "0 of 2 correct, not passed" in page
    exported = client.get("/learn/progress.json")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    assert {e["event"] for e in exported.json["events"]} >= {
        "enrolled",
        "read section",
        "knowledge check",
    }
    rows = list(csv.reader(io.StringIO(client.get("/learn/progress.csv").get_data(as_text=True))))
    assert rows[0] == ["time", "event", "course", "module", "detail"]
    assert len(rows) == 4


def test_course_media_is_served_and_paths_cannot_escape(client, learner):
    with client.get("/learn/media/test-course/media/diagram.png") as response:
        assert response.status_code == 200
    assert client.get("/learn/media/test-course/media/../course.md").status_code == 404
    assert client.get("/learn/media/test-course/media/%2e%2e/course.md").status_code == 404
