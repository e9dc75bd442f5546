"""A course's funnel and the questions learners most often get wrong."""

from dataclasses import dataclass

from sqlalchemy import (
    Integer,
    cast,
    func,
    select,
    true,
)
from sqlalchemy.orm import Session

from app.courses.model import Course
from app.models import (
    Award,
    BadgeClassVersion,
    BadgeKind,
    CourseCompletion,
    Enrolment,
    QuizAttempt,
    SectionRead,
)
from app.reports.filters import ReportFilters, in_period, with_learner
from app.reports.sql import json_array_values
from app.reports.tables import as_int

# -- A course's funnel and its hardest questions --------------------------------------------------


@dataclass(frozen=True)
class FunnelStep:
    label: str
    learners: int


def course_funnel(session: Session, filters: ReportFilters, course: Course) -> list[FunnelStep]:
    """Of the learners who enrolled in the period: how many started each module, passed each
    knowledge check, completed the course and hold its badge."""
    cohort = with_learner(
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
        return {slug: as_int(count) for slug, count in session.execute(query)}

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
    steps = [FunnelStep("Enrolled", as_int(enrolled))]
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
    steps.append(FunnelStep("Completed the course", as_int(completed)))
    steps.append(FunnelStep("Hold the course badge", as_int(awarded)))
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
        with_learner(
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
            with_learner(
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
                as_int(count),
                as_int(attempts.get(module_slug)),
            )
        )
    return questions
