"""Accounts: learners, course authors and network administrators."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.models.base import Base, UTCDateTime, enum_column, utcnow
from app.models.organisation import AssociateKind, MembershipCategory, Organisation


class CouncilRole(StrEnum):
    COUNCILLOR = "councillor"
    OFFICER = "officer"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class AccountRole(StrEnum):
    LEARNER = "learner"
    AUTHOR = "author"
    ADMIN = "admin"


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique constraint is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    council_role: Mapped[CouncilRole] = mapped_column(enum_column(CouncilRole, "council_role"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    # What a learner typed when their organisation was not in the directory.
    unlisted_organisation: Mapped[str | None] = mapped_column(String(200))
    is_author: Mapped[bool] = mapped_column(default=False)
    is_admin: Mapped[bool] = mapped_column(default=False)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    def set_password(self, password: str, now: datetime) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.password_changed_at = now

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, role: AccountRole) -> bool:
        return {
            AccountRole.LEARNER: True,
            AccountRole.AUTHOR: self.is_author or self.is_admin,
            AccountRole.ADMIN: self.is_admin,
        }[role]

    @property
    def membership_category(self) -> MembershipCategory:
        """Learners whose organisation is not listed join as Supporters."""
        if self.organisation is None:
            return MembershipCategory.SUPPORTER
        return self.organisation.category

    @property
    def associate_kind(self) -> AssociateKind | None:
        return self.organisation.associate_kind if self.organisation else None

    @property
    def organisation_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return self.unlisted_organisation or "Not listed"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
