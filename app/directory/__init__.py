"""The network's member directory: the data file shipped with the app, and its idempotent load."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AssociateKind, MembershipCategory, Organisation

MEMBERS_FILE = Path(__file__).with_name("members.yaml")


@dataclass(frozen=True)
class DirectoryEntry:
    name: str
    category: MembershipCategory
    associate_kind: AssociateKind | None


def read_directory(path: Path = MEMBERS_FILE) -> tuple[date | None, list[DirectoryEntry]]:
    """Parse the directory file into entries; raise ValueError naming what is wrong."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of membership categories")
    as_of = data.pop("as_of", None)
    entries: list[DirectoryEntry] = []
    for category_name, members in data.items():
        try:
            category = MembershipCategory(category_name)
        except ValueError:
            raise ValueError(f"{path}: unknown membership category {category_name!r}") from None
        if category is MembershipCategory.ASSOCIATE:
            for kind_name, names in members.items():
                kind = AssociateKind(kind_name)
                entries += [DirectoryEntry(name, category, kind) for name in names]
        else:
            entries += [DirectoryEntry(name, category, None) for name in members]
    return as_of, entries


def load_directory(session: Session, path: Path = MEMBERS_FILE) -> int:
    """Add the organisations that are not yet in the database; returns how many were added.

    Existing organisations are left alone: administrators keep them up to date afterwards.
    """
    as_of, entries = read_directory(path)
    known = set(session.scalars(select(Organisation.name)))
    added = 0
    for entry in entries:
        if entry.name in known:
            continue
        session.add(
            Organisation(
                name=entry.name,
                category=entry.category,
                associate_kind=entry.associate_kind,
                joined_on=as_of,
            )
        )
        added += 1
    session.flush()
    return added


def list_directory(session: Session) -> list[Organisation]:
    """Active organisations, by category then name, for choosing one's organisation."""
    return list(
        session.scalars(
            select(Organisation)
            .where(Organisation.is_active)
            .order_by(Organisation.category, Organisation.associate_kind, Organisation.name)
        )
    )
