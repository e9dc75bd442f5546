"""The audit log: record administrative actions in the caller's transaction, and read them."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.models import AuditEntry, User

PAGE_SIZE = 50


def record(
    session: Session,
    actor: User,
    action: str,
    target: object,
    *,
    label: str,
    before: dict | None,
    after: dict | None,
    now: datetime,
) -> AuditEntry:
    """Add an audit entry for `action` on `target`; the caller's commit keeps both or neither."""
    entry = AuditEntry(
        actor_id=actor.id,
        actor_email=actor.email,
        action=action,
        target_type=type(target).__name__.lower(),
        target_id=getattr(target, "id", None),
        target_label=label[:300],
        before=before,
        after=after,
        created_at=now,
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditFilters:
    action: str | None = None
    actor_email: str | None = None
    target_type: str | None = None
    target_id: int | None = None
    start: date | None = None
    end: date | None = None


def _filtered(query: Select, filters: AuditFilters) -> Select:
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.actor_email:
        query = query.where(AuditEntry.actor_email == filters.actor_email.strip().lower())
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id is not None:
        query = query.where(AuditEntry.target_id == filters.target_id)
    if filters.start:
        query = query.where(AuditEntry.created_at >= start_of(filters.start))
    if filters.end:
        query = query.where(AuditEntry.created_at < start_of(filters.end + timedelta(days=1)))
    return query


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def list_entries(
    session: Session, filters: AuditFilters, page: int = 1, page_size: int = PAGE_SIZE
) -> tuple[list[AuditEntry], int]:
    """One page of entries, newest first, and how many match in all."""
    total = session.scalar(_filtered(select(func.count(AuditEntry.id)), filters)) or 0
    entries = session.scalars(
        _filtered(select(AuditEntry), filters)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(page_size)
        .offset((max(page, 1) - 1) * page_size)
    )
    return list(entries), total


def list_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


CSV_HEADERS = ("When (UTC)", "Who", "Action", "Target", "Target id", "Name", "Before", "After")


def export_rows(session: Session, filters: AuditFilters):
    """Every matching entry as a CSV row, streamed from the database in batches."""
    query = _filtered(select(AuditEntry), filters).order_by(AuditEntry.created_at, AuditEntry.id)
    for entry in session.scalars(query.execution_options(yield_per=500)):
        yield (
            entry.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor_email,
            entry.action,
            entry.target_type,
            entry.target_id,
            entry.target_label,
            json.dumps(entry.before, sort_keys=True) if entry.before is not None else "",
            json.dumps(entry.after, sort_keys=True) if entry.after is not None else "",
        )
