"""Member organisations of the network and their membership categories."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, enum_column, utcnow


class MembershipCategory(StrEnum):
    FULL = "full"
    ASSOCIATE = "associate"
    AFFILIATE = "affiliate"
    SUPPORTER = "supporter"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class AssociateKind(StrEnum):
    LOCAL_COUNCIL = "local_council"
    OPPOSITION_GROUP = "opposition_group"

    @property
    def label(self) -> str:
        return {
            AssociateKind.LOCAL_COUNCIL: "Town, parish and community councils",
            AssociateKind.OPPOSITION_GROUP: "Opposition groups",
        }[self]


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(
            "(category = 'associate') = (associate_kind IS NOT NULL)",
            name="associate_kind_only_for_associates",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[MembershipCategory] = mapped_column(
        enum_column(MembershipCategory, "membership_category"), index=True
    )
    associate_kind: Mapped[AssociateKind | None] = mapped_column(
        enum_column(AssociateKind, "associate_kind")
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    joined_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def category_label(self) -> str:
        if self.associate_kind is not None:
            return f"{self.category.label} ({self.associate_kind.label.lower()})"
        return self.category.label

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r} {self.category}>"
