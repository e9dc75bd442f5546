"""Evaluation: what learners say at the end of a course, and three months later."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, enum_column, utcnow

SCALES = (
    "knowledge_before",
    "knowledge_after",
    "confidence_before",
    "confidence_after",
    "belonging",
)


def _answered_or_skipped(columns: tuple[str, ...]) -> str:
    answered = " AND ".join(f"{name} IS NOT NULL" for name in columns)
    unanswered = " AND ".join(f"{name} IS NULL" for name in columns)
    return f"(is_skipped AND {unanswered}) OR (NOT is_skipped AND {answered})"


class EvaluationFeedback(Base):
    """A learner's answers at the end of a course, or that they skipped it: asked once."""

    __tablename__ = "evaluation_feedback"
    __table_args__ = (
        UniqueConstraint("user_id", "course_slug"),
        CheckConstraint(
            _answered_or_skipped((*SCALES, "intends_to_stay_involved")),
            name="answered_or_skipped",
        ),
        *(CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_on_scale") for name in SCALES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_slug: Mapped[str] = mapped_column(String(100), index=True)
    is_skipped: Mapped[bool] = mapped_column(default=False)
    # 1 (very low) to 5 (very high).
    knowledge_before: Mapped[int | None]
    knowledge_after: Mapped[int | None]
    confidence_before: Mapped[int | None]
    confidence_after: Mapped[int | None]
    belonging: Mapped[int | None]
    intends_to_stay_involved: Mapped[bool | None]
    comments: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Engagement(StrEnum):
    MORE = "more"
    SAME = "same"
    LESS = "less"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            Engagement.MORE: "More involved than before",
            Engagement.SAME: "About as involved as before",
            Engagement.LESS: "Less involved than before",
            Engagement.NONE: "Not involved at all",
        }[self]


class FollowUpAnswer(Base):
    """Three months after a course completion: is the learner still engaged? Asked once."""

    __tablename__ = "follow_up_answers"
    __table_args__ = (
        UniqueConstraint("user_id", "course_slug"),
        CheckConstraint("is_skipped = (engagement IS NULL)", name="answered_or_skipped"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_slug: Mapped[str] = mapped_column(String(100), index=True)
    is_skipped: Mapped[bool] = mapped_column(default=False)
    engagement: Mapped[Engagement | None] = mapped_column(enum_column(Engagement, "engagement"))
    comments: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
