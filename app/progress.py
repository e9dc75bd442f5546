"""The learner's journey: pathways, enrolment, sections read, knowledge checks and completion."""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.courses.model import Catalogue, Course, Module, Quiz, Requirement
from app.models import (
    CourseCompletion,
    Enrolment,
    ModuleCompletion,
    QuizAttempt,
    Reflection,
    SectionRead,
    User,
)

logger = logging.getLogger(__name__)
MAX_REFLECTION_LENGTH = 5000


class ModuleStatus(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    COMPLETED = "completed"


class QuizInputError(Exception):
    """Answers that cannot be marked; `errors` maps a question's field name to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class PathwayEntry:
    course: Course
    requirement: Requirement


def list_pathway(
    catalogue: Catalogue, user: User, include_drafts: bool = False
) -> list[PathwayEntry]:
    """The courses the network asks of this learner: core first, then optional."""
    entries = []
    for course in catalogue.courses:
        if not (course.is_published or include_drafts):
            continue
        requirement = course.requirement_for(
            user.membership_category, user.associate_kind, user.council_role
        )
        if requirement is not None:
            entries.append(PathwayEntry(course, requirement))
    return sorted(entries, key=lambda entry: entry.requirement is not Requirement.CORE)


def insert_once(session: Session, row: object) -> bool:
    """Insert `row` unless a unique constraint says it exists; True when inserted."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True


def enrol(session: Session, user: User, course: Course, now: datetime) -> Enrolment:
    """Enrol the learner in the course, once, however often it is asked."""
    insert_once(session, Enrolment(user_id=user.id, course_slug=course.slug, enrolled_at=now))
    return session.scalars(
        select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_slug == course.slug)
    ).one()


def record_section_read(
    session: Session, user: User, course: Course, module: Module, number: int, now: datetime
) -> list[object]:
    """Record that the learner read a section; returns any completions this brought about."""
    enrolment = enrol(session, user, course, now)
    enrolment.last_module_slug = module.slug
    enrolment.last_section_number = number
    enrolment.last_visited_at = now
    insert_once(
        session,
        SectionRead(
            user_id=user.id,
            course_slug=course.slug,
            module_slug=module.slug,
            section_number=number,
            module_version=module.version,
            read_at=now,
        ),
    )
    return complete_if_done(session, user, course, module, now)


def parse_answers(quiz: Quiz, submitted: Mapping[str, list[str]]) -> dict[int, frozenset[str]]:
    """Check answers strictly: every question answered, only real options, nothing extra."""
    expected = {question.field_name: question for question in quiz.questions}
    extra = sorted(set(submitted) - set(expected))
    if extra:
        raise QuizInputError(
            {"form": f"The form has fields this check does not ask: {', '.join(extra)}"}
        )
    errors, answers = {}, {}
    for name, question in expected.items():
        chosen = [value for value in submitted.get(name, []) if value]
        keys = {option.key for option in question.options}
        if not chosen:
            errors[name] = f"Answer question {question.number}"
        elif not set(chosen) <= keys or len(chosen) != len(set(chosen)):
            errors[name] = (
                f"Question {question.number} has an answer that is not one of its options"
            )
        elif not question.is_multiple and len(chosen) > 1:
            errors[name] = f"Choose one answer for question {question.number}"
        else:
            answers[question.number] = frozenset(chosen)
    if errors:
        raise QuizInputError(errors)
    return answers


@dataclass(frozen=True)
class QuizResult:
    score: int
    question_count: int
    marks_needed: int
    is_passed: bool
    wrong_questions: tuple[int, ...]
    answers: dict[int, frozenset[str]]


def mark_quiz(quiz: Quiz, answers: dict[int, frozenset[str]]) -> QuizResult:
    wrong = tuple(q.number for q in quiz.questions if answers.get(q.number) != q.answers)
    score = len(quiz.questions) - len(wrong)
    needed = quiz.marks_needed()
    return QuizResult(score, len(quiz.questions), needed, score >= needed, wrong, answers)


def submit_quiz(
    session: Session,
    user: User,
    course: Course,
    module: Module,
    submitted: Mapping[str, list[str]],
    now: datetime,
) -> tuple[QuizResult, list[object]]:
    """Mark and store an attempt (every attempt is kept); returns it and any completions."""
    result = mark_quiz(module.quiz, parse_answers(module.quiz, submitted))
    enrol(session, user, course, now)
    session.add(
        QuizAttempt(
            user_id=user.id,
            course_slug=course.slug,
            module_slug=module.slug,
            module_version=module.version,
            answers={str(n): sorted(keys) for n, keys in result.answers.items()},
            wrong_questions=list(result.wrong_questions),
            score=result.score,
            question_count=result.question_count,
            is_passed=result.is_passed,
            submitted_at=now,
        )
    )
    logger.info(
        "User %s scored %s/%s on %s/%s",
        user.id,
        result.score,
        result.question_count,
        course.slug,
        module.slug,
    )
    return result, complete_if_done(session, user, course, module, now)


def save_reflection(
    session: Session,
    user: User,
    course: Course,
    module: Module,
    text: str,
    is_shared: bool,
    now: datetime,
) -> Reflection:
    """Save the learner's reflection, replacing any earlier one for the module."""
    text = text.strip()[:MAX_REFLECTION_LENGTH]
    values = {"user_id": user.id, "course_slug": course.slug, "module_slug": module.slug}
    insert_once(
        session, Reflection(**values, text=text, is_shared_as_evidence=is_shared, updated_at=now)
    )
    reflection = session.scalars(select(Reflection).filter_by(**values)).one()
    reflection.text, reflection.is_shared_as_evidence, reflection.updated_at = text, is_shared, now
    return reflection


def find_reflection(
    session: Session, user_id: int, course_slug: str, module_slug: str
) -> Reflection | None:
    return session.scalars(
        select(Reflection).filter_by(
            user_id=user_id, course_slug=course_slug, module_slug=module_slug
        )
    ).one_or_none()


def complete_if_done(
    session: Session, user: User, course: Course, module: Module, now: datetime
) -> list[object]:
    """Complete the module when every section is read and the check passed, and the course
    when every published module is complete; returns the completions made now."""
    progress = module_progress(session, user.id, course.slug, module)
    if progress.status is ModuleStatus.COMPLETED or not progress.is_ready_to_complete:
        return []
    made: list[object] = []
    completion = ModuleCompletion(
        user_id=user.id,
        course_slug=course.slug,
        module_slug=module.slug,
        module_version=module.version,
        completed_at=now,
    )
    if insert_once(session, completion):
        made.append(completion)
        logger.info("User %s completed module %s/%s", user.id, course.slug, module.slug)
    completed = completed_module_versions(session, user.id, course.slug)
    required = course.visible_modules()
    if required and all(m.slug in completed for m in required):
        course_completion = CourseCompletion(
            user_id=user.id,
            course_slug=course.slug,
            course_version=course.version,
            module_versions={m.slug: completed[m.slug] for m in required},
            completed_at=now,
        )
        if insert_once(session, course_completion):
            made.append(course_completion)
            logger.info("User %s completed course %s", user.id, course.slug)
    return made


def completed_module_versions(session: Session, user_id: int, course_slug: str) -> dict[str, str]:
    rows = session.execute(
        select(ModuleCompletion.module_slug, ModuleCompletion.module_version).where(
            ModuleCompletion.user_id == user_id, ModuleCompletion.course_slug == course_slug
        )
    )
    return {module_slug: version for module_slug, version in rows}


@dataclass(frozen=True)
class ModuleProgress:
    module: Module
    sections_read: frozenset[int]
    is_quiz_passed: bool
    is_completed: bool
    attempts: int

    @property
    def is_ready_to_complete(self) -> bool:
        every_section = {s.number for s in self.module.sections} <= self.sections_read
        return every_section and self.is_quiz_passed

    @property
    def status(self) -> ModuleStatus:
        if self.is_completed:
            return ModuleStatus.COMPLETED
        if self.sections_read or self.attempts:
            return ModuleStatus.IN_PROGRESS
        return ModuleStatus.NOT_STARTED

    @property
    def next_section(self) -> int | None:
        """The first section not yet read, or None when all are."""
        unread = [s.number for s in self.module.sections if s.number not in self.sections_read]
        return unread[0] if unread else None


def module_progress(
    session: Session, user_id: int, course_slug: str, module: Module
) -> ModuleProgress:
    return course_progress(session, user_id, course_slug, (module,)).modules[module.slug]


@dataclass(frozen=True)
class CourseProgress:
    modules: dict[str, ModuleProgress]
    enrolment: Enrolment | None
    completion: CourseCompletion | None = None
    completed_count: int = field(init=False)

    def __post_init__(self) -> None:
        count = sum(1 for p in self.modules.values() if p.is_completed)
        object.__setattr__(self, "completed_count", count)

    @property
    def total(self) -> int:
        return len(self.modules)

    @property
    def is_started(self) -> bool:
        return self.enrolment is not None

    @property
    def continue_at(self) -> tuple[str, int | None] | None:
        """Where "Continue" goes: the last section visited, or the first module's start."""
        if self.enrolment and self.enrolment.last_module_slug in self.modules:
            return self.enrolment.last_module_slug, self.enrolment.last_section_number
        return None


def course_progress(
    session: Session, user_id: int, course_slug: str, modules: tuple[Module, ...]
) -> CourseProgress:
    """Everything the learner has done in the course, in four small queries."""
    reads: dict[str, set[int]] = {}
    for module_slug, number in session.execute(
        select(SectionRead.module_slug, SectionRead.section_number).where(
            SectionRead.user_id == user_id, SectionRead.course_slug == course_slug
        )
    ).all():
        reads.setdefault(module_slug, set()).add(number)
    attempts: dict[str, tuple[int, bool]] = {}
    for module_slug, is_passed in session.execute(
        select(QuizAttempt.module_slug, QuizAttempt.is_passed).where(
            QuizAttempt.user_id == user_id, QuizAttempt.course_slug == course_slug
        )
    ).all():
        count, passed = attempts.get(module_slug, (0, False))
        attempts[module_slug] = (count + 1, passed or is_passed)
    completed = completed_module_versions(session, user_id, course_slug)
    enrolment = session.scalars(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_slug == course_slug)
    ).one_or_none()
    completion = session.scalars(
        select(CourseCompletion).where(
            CourseCompletion.user_id == user_id, CourseCompletion.course_slug == course_slug
        )
    ).one_or_none()
    progress = {
        module.slug: ModuleProgress(
            module=module,
            sections_read=frozenset(reads.get(module.slug, ())),
            is_quiz_passed=attempts.get(module.slug, (0, False))[1],
            is_completed=module.slug in completed,
            attempts=attempts.get(module.slug, (0, False))[0],
        )
        for module in modules
    }
    return CourseProgress(progress, enrolment, completion)
