"""Keys that sign Open Badges: public halves here, private halves only in the instance folder."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class SigningKey(Base):
    __tablename__ = "signing_keys"
    __table_args__ = (
        CheckConstraint(
            "NOT (is_current AND retired_at IS NOT NULL)", name="current_key_not_retired"
        ),
        # At most one current key, even when two processes generate keys at once.
        Index(
            "ix_signing_keys_one_current",
            "is_current",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    public_key_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_current: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<SigningKey {self.id} {self.kid}{' current' if self.is_current else ''}>"
