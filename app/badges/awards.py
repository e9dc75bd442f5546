"""Awards: issued once per learner and badge on completion; revoked, reissued and expiring."""

import calendar
import hashlib
import hmac
import logging
import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.badges.classes import (
    BadgeClassSpec,
    UnknownBadge,
    course_badge_spec,
    find_badge_spec,
    module_badge_spec,
    store_badge_class,
)
from app.badges.definitions import BadgeDefinitions
from app.courses.model import Catalogue
from app.models import (
    Award,
    CourseCompletion,
    ModuleCompletion,
    Reflection,
    User,
)
from app.progress import insert_once

logger = logging.getLogger(__name__)
REMINDER_NOTICE = timedelta(days=30)
REISSUED = "reissued"
MAX_REASON_LENGTH = 500


class AwardStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


class AwardError(Exception):
    """An award that cannot be made or changed; the message is for people."""


def hash_recipient(email: str, salt: str) -> str:
    """The Open Badges hashed identity: `sha256$` and the hex digest of the email and salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def is_recipient(award: Award, email: str) -> bool:
    return hmac.compare_digest(
        award.recipient_identity, hash_recipient(email, award.recipient_salt)
    )


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def award_status(award: Award, now: datetime) -> AwardStatus:
    if award.revoked_at is not None:
        return AwardStatus.REVOKED
    if award.expires_at is not None and award.expires_at <= now:
        return AwardStatus.EXPIRED
    return AwardStatus.VALID


def issue_award(
    session: Session,
    user: User,
    spec: BadgeClassSpec,
    *,
    content_version: str,
    module_versions: dict[str, str],
    completed_at: datetime,
    evidence_narrative: str | None,
    now: datetime,
) -> Award | None:
    """Award the badge to the learner unless they already have it; None when they do."""
    version = store_badge_class(session, spec, now)
    salt = secrets.token_hex(16)
    months = spec.definition.get("validity_months")
    award = Award(
        public_id=str(uuid.uuid4()),
        user_id=user.id,
        badge_class_version_id=version.id,
        badge_slug=spec.badge_slug,
        recipient_identity=hash_recipient(user.email, salt),
        recipient_salt=salt,
        content_version=content_version,
        module_versions=module_versions,
        completed_at=completed_at,
        evidence_narrative=evidence_narrative,
        issued_at=now,
        expires_at=add_months(now, months) if months else None,
        is_reissued=False,
    )
    if not insert_once(session, award):
        return None
    logger.info("Badge %s (award %s) issued to user %s", spec.badge_slug, award.id, user.id)
    return award


def shared_reflection(session: Session, award: Award) -> str | None:
    """The learner's reflections on what the award covers, only those they chose to share.

    Read when a document is made, not frozen at issue, so that withdrawing consent withdraws it.
    """
    reflections = session.scalars(
        select(Reflection)
        .where(
            Reflection.user_id == award.user_id,
            Reflection.course_slug == award.badge_class.course_slug,
            Reflection.module_slug.in_(list(award.module_versions)),
            Reflection.is_shared_as_evidence,
        )
        .order_by(Reflection.module_slug)
    ).all()
    texts = [reflection.text.strip() for reflection in reflections if reflection.text.strip()]
    return "\n\n".join(texts) or None


def award_for_completions(
    session: Session,
    catalogue: Catalogue,
    definitions: BadgeDefinitions,
    user: User,
    completions: Iterable[object],
    now: datetime,
) -> list[Award]:
    """Issue the badges that these module and course completions earn; returns the new awards."""
    awards = []
    for completion in completions:
        award = _award_for_completion(session, catalogue, definitions, user, completion, now)
        if award is not None:
            awards.append(award)
    return awards


def _award_for_completion(
    session: Session,
    catalogue: Catalogue,
    definitions: BadgeDefinitions,
    user: User,
    completion: object,
    now: datetime,
) -> Award | None:
    course = catalogue.course(completion.course_slug)  # type: ignore[attr-defined]
    if course is None:
        logger.warning("No badge for a completion of %s: not in the catalogue", completion)
        return None
    try:
        if isinstance(completion, ModuleCompletion):
            module = course.module(completion.module_slug)
            if module is None:
                return None
            spec = module_badge_spec(catalogue, definitions, course, module)
            return issue_award(
                session,
                user,
                spec,
                content_version=completion.module_version,
                module_versions={module.slug: completion.module_version},
                completed_at=completion.completed_at,
                evidence_narrative=None,
                now=now,
            )
        if isinstance(completion, CourseCompletion):
            spec = course_badge_spec(catalogue, definitions, course)
            return issue_award(
                session,
                user,
                spec,
                content_version=completion.course_version,
                module_versions=dict(completion.module_versions),
                completed_at=completion.completed_at,
                evidence_narrative=None,
                now=now,
            )
    except UnknownBadge as error:
        logger.warning("No badge for a completion: %s", error)
    return None


def award_pending(
    session: Session, catalogue: Catalogue, definitions: BadgeDefinitions, now: datetime
) -> list[Award]:
    """Award every badge earned by a completion that has no award yet (made before badges)."""
    awarded = {tuple(row) for row in session.execute(select(Award.user_id, Award.badge_slug))}
    badge_slugs = {course.slug: course.badge_slug for course in catalogue.courses}
    made = []
    for model in (ModuleCompletion, CourseCompletion):
        for completion in session.scalars(select(model).order_by(model.id)):
            badge = badge_slugs.get(completion.course_slug)
            if badge is None:
                continue
            if isinstance(completion, ModuleCompletion):
                badge = f"{badge}--{completion.module_slug}"
            if (completion.user_id, badge) in awarded:
                continue
            user = session.get(User, completion.user_id)
            award = _award_for_completion(session, catalogue, definitions, user, completion, now)
            if award is not None:
                made.append(award)
    return made


def award_manually(
    session: Session,
    catalogue: Catalogue,
    definitions: BadgeDefinitions,
    user: User,
    badge_slug: str,
    now: datetime,
) -> Award:
    """An administrator's award of a badge to a learner, recording the current content version."""
    try:
        spec = find_badge_spec(catalogue, definitions, badge_slug)
    except UnknownBadge as error:
        raise AwardError(str(error)) from None
    course = catalogue.course(spec.course_slug)
    assert course is not None
    if spec.module_slug is not None:
        module = course.module(spec.module_slug)
        assert module is not None
        content_version, module_versions = module.version, {module.slug: module.version}
    else:
        content_version = course.version
        module_versions = {module.slug: module.version for module in course.visible_modules()}
    award = issue_award(
        session,
        user,
        spec,
        content_version=content_version,
        module_versions=module_versions,
        completed_at=now,
        evidence_narrative=None,
        now=now,
    )
    if award is None:
        raise AwardError(f"{user.email} already has the badge {badge_slug}")
    return award


def find_award(session: Session, public_id: str) -> Award | None:
    return session.scalar(select(Award).where(Award.public_id == public_id))


def list_awards(session: Session, user: User) -> list[Award]:
    """The learner's awards, newest first, without those replaced by a reissue."""
    return list(
        session.scalars(
            select(Award)
            .where(Award.user_id == user.id, Award.is_reissued.is_(False))
            .order_by(Award.issued_at.desc(), Award.id.desc())
        )
    )


def list_revoked_awards(session: Session) -> list[Award]:
    return list(
        session.scalars(select(Award).where(Award.revoked_at.is_not(None)).order_by(Award.id))
    )


def revoke_award(award: Award, reason: str, actor: User | None, now: datetime) -> Award:
    """Revoke the award with a reason that verifiers will show."""
    reason = " ".join(reason.split())
    if not reason:
        raise AwardError("Enter the reason for revoking this badge")
    if len(reason) > MAX_REASON_LENGTH:
        raise AwardError(f"The reason must be {MAX_REASON_LENGTH} characters or fewer")
    if award.revoked_at is not None:
        raise AwardError("This badge has already been revoked")
    award.revoked_at, award.revocation_reason = now, reason
    logger.info("Award %s revoked by user %s: %s", award.id, actor.id if actor else None, reason)
    return award


def reissue_awards(session: Session, user: User, now: datetime) -> list[Award]:
    """Reissue to the learner's current email every valid award made to an earlier one.

    The old assertions are revoked as "reissued" and each new one links back to its original.
    """
    made = []
    for old in list_awards(session, user):
        if old.revoked_at is not None or is_recipient(old, user.email):
            continue
        old.revoked_at, old.revocation_reason, old.is_reissued = now, REISSUED, True
        session.flush()  # the old award leaves the one-per-badge index before the new one joins
        salt = secrets.token_hex(16)
        new = Award(
            public_id=str(uuid.uuid4()),
            user_id=user.id,
            badge_class_version_id=old.badge_class_version_id,
            badge_slug=old.badge_slug,
            recipient_identity=hash_recipient(user.email, salt),
            recipient_salt=salt,
            content_version=old.content_version,
            module_versions=old.module_versions,
            completed_at=old.completed_at,
            evidence_narrative=old.evidence_narrative,
            issued_at=now,
            expires_at=old.expires_at,
            is_reissued=False,
            reissued_from_id=old.id,
        )
        session.add(new)
        session.flush()
        logger.info("Award %s reissued as %s to user %s", old.id, new.id, user.id)
        made.append(new)
    return made


def list_due_expiry_reminders(session: Session, now: datetime) -> list[Award]:
    """Valid awards expiring within 30 days whose learner has not been reminded yet."""
    return list(
        session.scalars(
            select(Award)
            .where(
                Award.revoked_at.is_(None),
                Award.expires_at.is_not(None),
                Award.expires_at > now,
                Award.expires_at <= now + REMINDER_NOTICE,
                Award.expiry_reminder_sent_at.is_(None),
            )
            .order_by(Award.id)
        )
    )


def record_expiry_reminder(award: Award, now: datetime) -> None:
    award.expiry_reminder_sent_at = now


def list_course_awards(session: Session, user: User) -> dict[str, Award]:
    """The learner's current course badges by course slug, for the dashboard."""
    return {
        award.badge_class.course_slug: award
        for award in list_awards(session, user)
        if award.badge_class.module_slug is None
    }
