"""Events counted to throttle repeated actions (failed sign-ins, verification requests)."""

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class ThrottleEvent(Base):
    __tablename__ = "throttle_events"
    __table_args__ = (Index("ix_throttle_events_lookup", "scope", "subject", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
