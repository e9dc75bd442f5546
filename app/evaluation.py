"""Evaluation: feedback at the end of a course and the follow-up three months later, each once."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app.models import CourseCompletion, Engagement, EvaluationFeedback, FollowUpAnswer, User
from app.progress import insert_once

logger = logging.getLogger(__name__)

FOLLOW_UP_AFTER = timedelta(days=91)
MAX_COMMENTS_LENGTH = 5000


class EvaluationError(Exception):
    """Feedback that cannot be recorded; the message is for the learner."""


@dataclass(frozen=True)
class Ratings:
    knowledge_before: int
    knowledge_after: int
    confidence_before: int
    confidence_after: int
    belonging: int
    intends_to_stay_involved: bool


def find_completion(session: Session, user: User, course_slug: str) -> CourseCompletion | None:
    return session.scalars(
        select(CourseCompletion).where(
            CourseCompletion.user_id == user.id, CourseCompletion.course_slug == course_slug
        )
    ).one_or_none()


def has_given_feedback(session: Session, user: User, course_slug: str) -> bool:
    return (
        session.scalar(
            select(EvaluationFeedback.id).where(
                EvaluationFeedback.user_id == user.id, EvaluationFeedback.course_slug == course_slug
            )
        )
        is not None
    )


def has_answered_follow_up(session: Session, user: User, course_slug: str) -> bool:
    return (
        session.scalar(
            select(FollowUpAnswer.id).where(
                FollowUpAnswer.user_id == user.id, FollowUpAnswer.course_slug == course_slug
            )
        )
        is not None
    )


def _require_completion(session: Session, user: User, course_slug: str) -> CourseCompletion:
    completion = find_completion(session, user, course_slug)
    if completion is None:
        raise EvaluationError("You can give feedback on a course once you have completed it")
    return completion


def record_feedback(
    session: Session,
    user: User,
    course_slug: str,
    ratings: Ratings | None,
    comments: str | None,
    now: datetime,
) -> bool:
    """Record the learner's feedback, or that they skipped it (`ratings` None); False if the
    course was answered already, so a second tab or a double click changes nothing."""
    _require_completion(session, user, course_slug)
    for value in ratings.__dict__.values() if ratings else ():
        if not isinstance(value, bool) and not 1 <= value <= 5:
            raise EvaluationError("Choose a number from 1 to 5 for every question")
    row = EvaluationFeedback(
        user_id=user.id,
        course_slug=course_slug,
        is_skipped=ratings is None,
        comments=((comments or "").strip()[:MAX_COMMENTS_LENGTH] or None) if ratings else None,
        submitted_at=now,
        **(ratings.__dict__ if ratings else {}),
    )
    inserted = insert_once(session, row)
    if inserted:
        logger.info(
            "User %s %s feedback on %s",
            user.id,
            "skipped" if ratings is None else "gave",
            course_slug,
        )
    return inserted


def record_follow_up(
    session: Session,
    user: User,
    course_slug: str,
    engagement: Engagement | None,
    comments: str | None,
    now: datetime,
) -> bool:
    """Record the three-month answer, or that it was skipped (`engagement` None), once."""
    completion = _require_completion(session, user, course_slug)
    if now - completion.completed_at < FOLLOW_UP_AFTER:
        raise EvaluationError("This question is asked three months after you complete a course")
    row = FollowUpAnswer(
        user_id=user.id,
        course_slug=course_slug,
        is_skipped=engagement is None,
        engagement=engagement,
        comments=((comments or "").strip()[:MAX_COMMENTS_LENGTH] or None) if engagement else None,
        submitted_at=now,
    )
    return insert_once(session, row)


@dataclass(frozen=True)
class Prompt:
    """Something to ask the learner: `kind` is "feedback" or "follow-up"."""

    kind: str
    course_slug: str


def find_prompt(session: Session, user: User, now: datetime) -> Prompt | None:
    """What to ask the learner next, if anything, in one query on the learner's completions:
    feedback on their latest unanswered completion first, then any follow-up that is due."""
    rows = session.execute(
        select(
            CourseCompletion.course_slug,
            CourseCompletion.completed_at,
            EvaluationFeedback.id,
            FollowUpAnswer.id,
        )
        .outerjoin(
            EvaluationFeedback,
            and_(
                EvaluationFeedback.user_id == CourseCompletion.user_id,
                EvaluationFeedback.course_slug == CourseCompletion.course_slug,
            ),
        )
        .outerjoin(
            FollowUpAnswer,
            and_(
                FollowUpAnswer.user_id == CourseCompletion.user_id,
                FollowUpAnswer.course_slug == CourseCompletion.course_slug,
            ),
        )
        .where(CourseCompletion.user_id == user.id)
        .order_by(CourseCompletion.completed_at.desc())
    ).all()
    for course_slug, _completed_at, feedback_id, _follow_up_id in rows:
        if feedback_id is None:
            return Prompt("feedback", course_slug)
    for course_slug, completed_at, _feedback_id, follow_up_id in reversed(rows):
        if follow_up_id is None and now - completed_at >= FOLLOW_UP_AFTER:
            return Prompt("follow-up", course_slug)
    return None
