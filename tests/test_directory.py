"""The member directory: real data, loaded idempotently, kept as administrators change it."""

from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.directory import load_directory, read_directory
from app.models import AssociateKind, MembershipCategory, Organisation


def test_the_directory_file_lists_the_members_of_july_2020():
    as_of, entries = read_directory()
    assert str(as_of) == "2020-07-31"
    counts = Counter((entry.category, entry.associate_kind) for entry in entries)
    assert counts[(MembershipCategory.FULL, None)] == 33
    assert counts[(MembershipCategory.ASSOCIATE, AssociateKind.LOCAL_COUNCIL)] == 6
    assert counts[(MembershipCategory.ASSOCIATE, AssociateKind.OPPOSITION_GROUP)] == 10
    assert counts[(MembershipCategory.AFFILIATE, None)] == 26
    assert counts[(MembershipCategory.SUPPORTER, None)] == 1
    assert len({entry.name for entry in entries}) == len(entries)


def test_loading_twice_adds_nothing_the_second_time(db):
    assert load_directory(db) == 76
    assert load_directory(db) == 0
    assert db.scalar(select(func.count(Organisation.id))) == 76


def test_loading_keeps_what_administrators_changed(db):
    load_directory(db)
    torbay = db.scalar(select(Organisation).where(Organisation.name == "Torbay Council"))
    torbay.is_active = False
    db.commit()
    load_directory(db)
    db.refresh(torbay)
    assert torbay.is_active is False


def test_load_command(runner):
    result = runner.invoke(args=["directory", "load"])
    assert result.exit_code == 0
    assert "76 organisations added" in result.output


def test_only_associates_have_an_associate_kind(db):
    db.add(Organisation(name="Odd", category="full", associate_kind="opposition_group"))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
    db.add(Organisation(name="Odder", category="associate", associate_kind=None))
    with pytest.raises(IntegrityError):
        db.flush()
