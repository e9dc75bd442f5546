"""A learner's full history, for the "My progress" page and its JSON and CSV exports."""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    CourseCompletion,
    Enrolment,
    ModuleCompletion,
    QuizAttempt,
    Reflection,
    SectionRead,
    User,
)

CSV_COLUMNS = ["time", "event", "course", "module", "detail"]


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    course_slug: str
    module_slug: str
    detail: str


def list_events(session: Session, user: User) -> list[Event]:
    """Everything the learner did, newest first."""
    where = {"user_id": user.id}
    events = [
        Event(e.enrolled_at, "enrolled", e.course_slug, "", "")
        for e in session.scalars(select(Enrolment).filter_by(**where))
    ]
    events += [
        Event(
            r.read_at, "read section", r.course_slug, r.module_slug, f"section {r.section_number}"
        )
        for r in session.scalars(select(SectionRead).filter_by(**where))
    ]
    events += [
        Event(
            a.submitted_at,
            "knowledge check",
            a.course_slug,
            a.module_slug,
            f"{a.score} of {a.question_count} correct, {'passed' if a.is_passed else 'not passed'}",
        )
        for a in session.scalars(select(QuizAttempt).filter_by(**where))
    ]
    events += [
        Event(
            r.updated_at,
            "reflection",
            r.course_slug,
            r.module_slug,
            "shared as evidence" if r.is_shared_as_evidence else "private",
        )
        for r in session.scalars(select(Reflection).filter_by(**where))
    ]
    events += [
        Event(
            c.completed_at,
            "completed module",
            c.course_slug,
            c.module_slug,
            f"version {c.module_version}",
        )
        for c in session.scalars(select(ModuleCompletion).filter_by(**where))
    ]
    events += [
        Event(c.completed_at, "completed course", c.course_slug, "", f"version {c.course_version}")
        for c in session.scalars(select(CourseCompletion).filter_by(**where))
    ]
    return sorted(events, key=lambda event: event.at, reverse=True)


def export_json(session: Session, user: User) -> dict:
    """The learner's data as a JSON-ready document, reflections included."""
    reflections = session.scalars(select(Reflection).filter_by(user_id=user.id))
    return {
        "learner": {
            "name": user.name,
            "email": user.email,
            "council_role": user.council_role.value,
            "organisation": user.organisation_name,
            "membership_category": user.membership_category.value,
            "registered_at": user.created_at.isoformat(),
        },
        "events": [
            {
                "time": e.at.isoformat(),
                "event": e.kind,
                "course": e.course_slug,
                "module": e.module_slug,
                "detail": e.detail,
            }
            for e in list_events(session, user)
        ],
        "reflections": [
            {
                "course": r.course_slug,
                "module": r.module_slug,
                "text": r.text,
                "shared_as_evidence": r.is_shared_as_evidence,
                "updated_at": r.updated_at.isoformat(),
            }
            for r in reflections
        ],
    }


def export_csv(session: Session, user: User) -> str:
    """The learner's events as CSV, one row an event."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for e in list_events(session, user):
        writer.writerow([e.at.isoformat(), e.kind, e.course_slug, e.module_slug, e.detail])
    return buffer.getvalue()
