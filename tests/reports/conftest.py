"""Hand-built learners, progress and awards with known figures, for the report tests."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from app.models import (
    Award,
    BadgeClassVersion,
    BadgeKind,
    CourseCompletion,
    Enrolment,
    ModuleCompletion,
    QuizAttempt,
    SectionRead,
)
from tests.learn.conftest import catalogue, course, course_tree  # noqa: F401 (fixtures)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
_ids = itertools.count(1)


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=UTC)


class Progress:
    """Writes progress records directly, with the times a test needs."""

    def __init__(self, db):
        self.db = db
        self.badge_classes: dict[tuple[str, str | None], BadgeClassVersion] = {}

    def enrol(self, user, when, course_slug="test-course"):
        self.db.add(Enrolment(user_id=user.id, course_slug=course_slug, enrolled_at=when))

    def read(self, user, module_slug, when, number=1, course_slug="test-course"):
        self.db.add(
            SectionRead(
                user_id=user.id,
                course_slug=course_slug,
                module_slug=module_slug,
                section_number=number,
                module_version="v1",
                read_at=when,
            )
        )

    def attempt(self, user, module_slug, wrong, when, course_slug="test-course"):
        self.db.add(
            QuizAttempt(
                user_id=user.id,
                course_slug=course_slug,
                module_slug=module_slug,
                module_version="v1",
                answers={},
                wrong_questions=list(wrong),
                score=2 - len(wrong),
                question_count=2,
                is_passed=not wrong,
                submitted_at=when,
            )
        )

    def complete_module(self, user, module_slug, when, course_slug="test-course"):
        self.db.add(
            ModuleCompletion(
                user_id=user.id,
                course_slug=course_slug,
                module_slug=module_slug,
                module_version="v1",
                completed_at=when,
            )
        )

    def complete_course(self, user, enrolled, completed, course_slug="test-course"):
        if enrolled is not None:  # None: enrolled already
            self.enrol(user, enrolled, course_slug)
        self.db.add(
            CourseCompletion(
                user_id=user.id,
                course_slug=course_slug,
                course_version="v1",
                module_versions={},
                completed_at=completed,
            )
        )

    def badge_class(self, course_slug="test-course", module_slug=None):
        key = (course_slug, module_slug)
        if key not in self.badge_classes:
            badge = BadgeClassVersion(
                badge_slug=course_slug + (f"--{module_slug}" if module_slug else ""),
                kind=BadgeKind.MODULE if module_slug else BadgeKind.COURSE,
                course_slug=course_slug,
                module_slug=module_slug,
                content_hash=f"{next(_ids):064d}",
                definition={"name": "Test"},
                image_svg="<svg/>",
                image_png=b"png",
            )
            self.db.add(badge)
            self.db.flush()
            self.badge_classes[key] = badge
        return self.badge_classes[key]

    def award(
        self,
        user,
        issued,
        *,
        module_slug=None,
        revoked=None,
        expires=None,
        reissued=False,
        course_slug="test-course",
    ):
        badge = self.badge_class(course_slug, module_slug)
        award = Award(
            public_id=f"award-{next(_ids)}",
            user_id=user.id,
            badge_class_version_id=badge.id,
            badge_slug=badge.badge_slug,
            recipient_identity="sha256$x",
            recipient_salt="salt",
            content_version="v1",
            module_versions={},
            completed_at=issued,
            issued_at=issued,
            expires_at=expires,
            revoked_at=revoked,
            revocation_reason="A reason" if revoked else None,
            is_reissued=reissued,
        )
        self.db.add(award)
        self.db.flush()
        return award


@pytest.fixture
def progress_records(db):
    return Progress(db)


@pytest.fixture
def network(db, make_organisation, make_user, progress_records):
    """Five learners across the membership groups, with completions and awards.

    Course completions take 10 and 4 days (Full), 6 (Associate: local councils) and 2 days
    (Supporter): medians 7, 6 and 2; 5 for everyone.
    """
    from app.models import AssociateKind, CouncilRole, MembershipCategory

    full = make_organisation("Full Council", MembershipCategory.FULL)
    make_organisation("Quiet Council", MembershipCategory.FULL)
    parish = make_organisation(
        "A Parish", MembershipCategory.ASSOCIATE, AssociateKind.LOCAL_COUNCIL
    )
    opposition = make_organisation(
        "An Opposition", MembershipCategory.ASSOCIATE, AssociateKind.OPPOSITION_GROUP
    )
    make_organisation("An Affiliate", MembershipCategory.AFFILIATE)

    def learner(organisation, role, created, last_seen):
        user = make_user(organisation=organisation, category=None, council_role=role)
        user.created_at, user.last_seen_at = created, last_seen
        return user

    people = {
        "ann": learner(full, CouncilRole.COUNCILLOR, at(1, 10), NOW - timedelta(days=1)),
        "bob": learner(full, CouncilRole.OFFICER, at(2, 10), NOW - timedelta(days=40)),
        "cat": learner(parish, CouncilRole.COUNCILLOR, at(3, 1), None),
        "dan": learner(opposition, CouncilRole.COUNCILLOR, at(3, 2), NOW - timedelta(days=29)),
        "eve": learner(None, CouncilRole.OTHER, at(4, 1), NOW - timedelta(days=5)),
    }
    people["eve"].unlisted_organisation = "Somewhere Parish"
    p = progress_records
    p.complete_course(people["ann"], at(1, 10), at(1, 20))
    p.complete_course(people["bob"], at(2, 10), at(2, 14))
    p.complete_course(people["cat"], at(3, 1), at(3, 7))
    p.complete_course(people["eve"], at(4, 1), at(4, 3))
    p.enrol(people["dan"], at(3, 2))
    for name, when in (
        ("ann", at(1, 12)),
        ("ann", at(1, 15)),
        ("bob", at(2, 12)),
        ("eve", at(4, 2)),
    ):
        module = "first" if (name, when) != ("ann", at(1, 15)) else "second"
        p.complete_module(people[name], module, when)
    p.award(people["ann"], at(1, 20))
    p.award(people["bob"], at(2, 14), revoked=at(3, 1))
    p.award(people["cat"], at(3, 7), expires=at(5, 1))
    p.award(people["cat"], at(3, 7), module_slug="first", expires=at(12, 1))
    p.award(people["eve"], at(4, 3), revoked=at(4, 5), reissued=True)
    p.award(people["eve"], at(4, 5))
    db.commit()
    return people
