"""Throttling backed by the database, so that every app process sees the same counts."""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models import ThrottleEvent


def record_event(session: Session, scope: str, subject: str, now: datetime) -> None:
    """Count one event of `scope` (for example a failed sign-in) against `subject`."""
    session.add(ThrottleEvent(scope=scope, subject=subject, occurred_at=now))


def count_recent_events(
    session: Session, scope: str, subject: str, window: timedelta, now: datetime
) -> int:
    """Return how many events of `scope` for `subject` happened within `window` before `now`."""
    return session.scalar(
        select(func.count(ThrottleEvent.id)).where(
            ThrottleEvent.scope == scope,
            ThrottleEvent.subject == subject,
            ThrottleEvent.occurred_at > now - window,
        )
    )


def clear_events(session: Session, scope: str, subject: str) -> None:
    """Forget the events of `scope` for `subject`, for example after a successful sign-in."""
    session.execute(
        delete(ThrottleEvent).where(ThrottleEvent.scope == scope, ThrottleEvent.subject == subject)
    )
