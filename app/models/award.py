"""Open Badges awards and the versioned badge classes they were issued against.

Badge definitions live in files and change over time, so every distinct definition is stored once
as a badge-class version (with its images): what an earner was assessed against never changes.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, enum_column, utcnow
from app.models.user import User


class BadgeKind(StrEnum):
    COURSE = "course"
    MODULE = "module"


class BadgeClassVersion(Base):
    __tablename__ = "badge_class_versions"
    __table_args__ = (UniqueConstraint("badge_slug", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A course badge's slug (`co-production`), or `<course badge>--<module slug>` for a module.
    badge_slug: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[BadgeKind] = mapped_column(enum_column(BadgeKind, "badge_kind"))
    course_slug: Mapped[str] = mapped_column(String(100))
    module_slug: Mapped[str | None] = mapped_column(String(100))
    # sha256 of the definition and both images: a changed definition is a new version.
    content_hash: Mapped[str] = mapped_column(String(64))
    # name, description, criteria, alignments, tags, validity_months: the hosted document's content.
    definition: Mapped[dict] = mapped_column(JSON)
    image_svg: Mapped[str] = mapped_column(Text)
    image_png: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def name(self) -> str:
        return self.definition["name"]

    def __repr__(self) -> str:
        return f"<BadgeClassVersion {self.id} {self.badge_slug} {self.content_hash[:8]}>"


class Award(Base):
    __tablename__ = "awards"
    __table_args__ = (
        # Once per learner and badge; a reissued award steps aside for the one that replaces it.
        Index(
            "ix_awards_one_per_learner_and_badge",
            "user_id",
            "badge_slug",
            unique=True,
            sqlite_where=text("NOT is_reissued"),
            postgresql_where=text("NOT is_reissued"),
        ),
        CheckConstraint(
            "(revoked_at IS NULL) = (revocation_reason IS NULL)", name="revocation_has_reason"
        ),
        CheckConstraint("NOT is_reissued OR revoked_at IS NOT NULL", name="reissued_is_revoked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The assertion's id in URLs: not guessable from the award count.
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    badge_class_version_id: Mapped[int] = mapped_column(
        ForeignKey("badge_class_versions.id", ondelete="RESTRICT"), index=True
    )
    badge_slug: Mapped[str] = mapped_column(String(200))
    # `sha256$<hex>` of the learner's email and the salt, as the assertion publishes it.
    recipient_identity: Mapped[str] = mapped_column(String(80))
    recipient_salt: Mapped[str] = mapped_column(String(64))
    # Evidence: the content version completed (course or module), every module version for a
    # course, when it was completed and, only if the learner agreed, their reflection.
    content_version: Mapped[str] = mapped_column(String(64))
    module_versions: Mapped[dict] = mapped_column(JSON)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    evidence_narrative: Mapped[str | None] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revocation_reason: Mapped[str | None] = mapped_column(String(500))
    is_reissued: Mapped[bool] = mapped_column(default=False)
    reissued_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("awards.id", ondelete="SET NULL"), index=True
    )
    expiry_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    badge_class: Mapped[BadgeClassVersion] = relationship(lazy="joined")
    reissued_from: Mapped["Award | None"] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Award {self.id} {self.badge_slug} user {self.user_id}>"
