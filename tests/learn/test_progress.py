"""The learner's journey in the domain: pathways, completion rules and idempotency."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import progress
from app.courses.model import Requirement
from app.extensions import make_engine
from app.models import (
    CourseCompletion,
    Enrolment,
    MembershipCategory,
    ModuleCompletion,
    QuizAttempt,
    SectionRead,
)
from tests.learn.conftest import RIGHT, WRONG


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def read_everything(db, user, course, module, now):
    made = []
    for section in module.sections:
        made += progress.record_section_read(db, user, course, module, section.number, now)
    return made


def test_pathway_puts_core_courses_first_and_follows_the_category(catalogue, make_user):
    opposition = make_user(category=MembershipCategory.ASSOCIATE, associate_kind="opposition_group")
    affiliate = make_user(category=MembershipCategory.AFFILIATE)
    [entry] = progress.list_pathway(catalogue, opposition)
    assert entry.requirement is Requirement.CORE
    assert progress.list_pathway(catalogue, affiliate)[0].requirement is Requirement.OPTIONAL


def test_a_module_completes_when_every_section_is_read_and_the_check_passed(
    db, course, make_user, now
):
    user = make_user()
    module = course.modules[0]
    result, made = progress.submit_quiz(db, user, course, module, RIGHT, now)
    assert result.is_passed and made == []  # sections not read yet
    made = read_everything(db, user, course, module, now)
    assert [type(m) for m in made] == [ModuleCompletion]
    assert made[0].module_version == module.version


def test_a_failed_check_does_not_complete_and_every_attempt_is_kept(db, course, make_user, now):
    user = make_user()
    module = course.modules[0]
    read_everything(db, user, course, module, now)
    result, made = progress.submit_quiz(db, user, course, module, WRONG, now)
    assert not result.is_passed and result.wrong_questions == (1, 2) and made == []
    result, made = progress.submit_quiz(db, user, course, module, RIGHT, now)
    assert result.is_passed and len(made) == 1
    assert count(db, QuizAttempt) == 2


def test_the_course_completes_with_its_last_module(db, course, make_user, now):
    user = make_user()
    for module in course.modules:
        read_everything(db, user, course, module, now)
        _, made = progress.submit_quiz(db, user, course, module, RIGHT, now)
    assert [type(m) for m in made] == [ModuleCompletion, CourseCompletion]
    completion = made[1]
    assert completion.module_versions == {m.slug: m.version for m in course.modules}


def test_completions_are_kept_when_the_category_changes(db, catalogue, course, make_user, now):
    user = make_user(category=MembershipCategory.ASSOCIATE, associate_kind="opposition_group")
    module = course.modules[0]
    read_everything(db, user, course, module, now)
    progress.submit_quiz(db, user, course, module, RIGHT, now)
    db.commit()
    user.organisation.category = MembershipCategory.FULL
    user.organisation.associate_kind = None
    db.commit()
    [entry] = progress.list_pathway(catalogue, user)
    assert entry.requirement is Requirement.OPTIONAL
    state = progress.course_progress(db, user.id, course.slug, course.modules)
    assert state.completed_count == 1


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q1": ["a"]}, "Answer question 2"),
        (
            {"q1": ["a"], "q2": ["a", "z"]},
            "Question 2 has an answer that is not one of its options",
        ),
        ({"q1": ["a", "b"], "q2": ["a"]}, "Choose one answer for question 1"),
        ({**RIGHT, "q9": ["a"]}, "fields this check does not ask: q9"),
        ({"q1": ["a"], "q2": ["a", "a"]}, "Question 2 has an answer"),
    ],
)
def test_bad_answers_are_refused_and_record_nothing(db, course, make_user, now, answers, message):
    user = make_user()
    with pytest.raises(progress.QuizInputError, match=message):
        progress.submit_quiz(db, user, course, course.modules[0], answers, now)
    assert count(db, QuizAttempt) == 0


def test_repeated_writes_never_duplicate(db, course, make_user, now):
    user = make_user()
    module = course.modules[0]
    for _ in range(3):
        read_everything(db, user, course, module, now)
        progress.submit_quiz(db, user, course, module, RIGHT, now)
    db.commit()
    assert count(db, Enrolment) == 1
    assert count(db, SectionRead) == len(module.sections)
    assert count(db, ModuleCompletion) == 1


def test_continue_returns_to_the_last_section_visited(db, course, make_user, now):
    user = make_user()
    module = course.modules[1]
    progress.record_section_read(db, user, course, module, 2, now)
    progress.record_section_read(db, user, course, module, 1, now + timedelta(minutes=1))
    state = progress.course_progress(db, user.id, course.slug, course.modules)
    assert state.continue_at == (module.slug, 1)


def test_reflections_are_saved_once_and_updated(db, course, make_user, now):
    user = make_user()
    module = course.modules[0]
    progress.save_reflection(db, user, course, module, " first ", False, now)
    progress.save_reflection(db, user, course, module, "second", True, now)
    saved = progress.find_reflection(db, user.id, course.slug, module.slug)
    assert saved.text == "second" and saved.is_shared_as_evidence


def test_concurrent_completions_are_recorded_once(app, db, course, make_user, now):
    """Eight threads, each with its own connection, complete the same module at once."""
    user = make_user()
    module = course.modules[0]
    for section in module.sections:
        progress.record_section_read(db, user, course, module, section.number, now)
    db.commit()
    engine = make_engine(app.config["DATABASE_URL"])
    barrier = threading.Barrier(8, timeout=30)
    errors = []

    def complete():
        try:
            barrier.wait()
            with Session(engine) as session:
                learner = session.get(type(user), user.id)
                progress.submit_quiz(session, learner, course, module, RIGHT, now)
                session.commit()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=complete) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert errors == []
    db.expire_all()
    assert count(db, ModuleCompletion) == 1
    assert count(db, QuizAttempt) == 8
    assert count(db, Enrolment) == 1
