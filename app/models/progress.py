"""A learner's progress: enrolments, sections read, quiz attempts, reflections and completions.

Courses live in files, so rows name them by slug and record the content version they saw. Unique
constraints make every write idempotent: a double click or two tabs never duplicate a record.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow

SLUG = String(100)
VERSION = String(64)


def user_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"))


class Enrolment(Base):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("user_id", "course_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_fk()
    course_slug: Mapped[str] = mapped_column(SLUG, index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where "Continue" takes the learner back to.
    last_module_slug: Mapped[str | None] = mapped_column(SLUG)
    last_section_number: Mapped[int | None]
    last_visited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SectionRead(Base):
    __tablename__ = "section_reads"
    __table_args__ = (
        UniqueConstraint("user_id", "course_slug", "module_slug", "section_number"),
        Index("ix_section_reads_course_module", "course_slug", "module_slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_fk()
    course_slug: Mapped[str] = mapped_column(SLUG)
    module_slug: Mapped[str] = mapped_column(SLUG)
    section_number: Mapped[int]
    module_version: Mapped[str] = mapped_column(VERSION)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuizAttempt(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        Index("ix_quiz_attempts_learner", "user_id", "course_slug", "module_slug"),
        Index("ix_quiz_attempts_course_module", "course_slug", "module_slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_fk()
    course_slug: Mapped[str] = mapped_column(SLUG)
    module_slug: Mapped[str] = mapped_column(SLUG)
    module_version: Mapped[str] = mapped_column(VERSION)
    # {"1": ["a"], "2": ["a", "c"]}: question number to the option keys chosen.
    answers: Mapped[dict] = mapped_column(JSON)
    # Question numbers answered wrongly, so authors can see which questions trip people up.
    wrong_questions: Mapped[list] = mapped_column(JSON)
    score: Mapped[int]
    question_count: Mapped[int]
    is_passed: Mapped[bool]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reflection(Base):
    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("user_id", "course_slug", "module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_fk()
    course_slug: Mapped[str] = mapped_column(SLUG)
    module_slug: Mapped[str] = mapped_column(SLUG)
    text: Mapped[str] = mapped_column(Text)
    is_shared_as_evidence: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ModuleCompletion(Base):
    __tablename__ = "module_completions"
    __table_args__ = (
        UniqueConstraint("user_id", "course_slug", "module_slug"),
        Index("ix_module_completions_course_completed", "course_slug", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_fk()
    course_slug: Mapped[str] = mapped_column(SLUG)
    module_slug: Mapped[str] = mapped_column(SLUG)
    module_version: Mapped[str] = mapped_column(VERSION)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CourseCompletion(Base):
    __tablename__ = "course_completions"
    __table_args__ = (
        UniqueConstraint("user_id", "course_slug"),
        Index("ix_course_completions_course_completed", "course_slug", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = user_fk()
    course_slug: Mapped[str] = mapped_column(SLUG)
    course_version: Mapped[str] = mapped_column(VERSION)
    # {"01-module-slug": "version", ...}: the module versions the course was completed with.
    module_versions: Mapped[dict] = mapped_column(JSON)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
