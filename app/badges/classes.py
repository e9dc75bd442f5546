"""Badge classes: course badges from their files, module badges derived from their modules,
each stored as an immutable version identified by the hash of its content."""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.badges.definitions import BadgeDefinitions, CourseBadgeDefinition
from app.badges.images import module_badge_png, module_badge_svg
from app.courses.model import Catalogue, Course, Module
from app.models import BadgeClassVersion, BadgeKind
from app.progress import insert_once

logger = logging.getLogger(__name__)
MODULE_SEPARATOR = "--"


class UnknownBadge(LookupError):
    """No course or module in the catalogue earns a badge with this slug."""


@dataclass(frozen=True)
class BadgeClassSpec:
    """A badge class as the current files define it, before it is stored."""

    badge_slug: str
    kind: BadgeKind
    course_slug: str
    module_slug: str | None
    definition: dict
    image_svg: str
    image_png: bytes

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256()
        digest.update(json.dumps(self.definition, sort_keys=True).encode())
        digest.update(self.image_svg.encode())
        digest.update(self.image_png)
        return digest.hexdigest()


def module_badge_slug(course: Course, module: Module) -> str:
    return f"{course.badge_slug}{MODULE_SEPARATOR}{module.slug}"


def _alignments(catalogue: Catalogue, principle_ids: tuple[str, ...]) -> list[dict]:
    alignments = []
    for principle_id in principle_ids:
        principle = catalogue.principle(principle_id)
        if principle is not None:
            alignments.append(
                {
                    "id": principle.id,
                    "framework": principle.framework,
                    "name": principle.name,
                    "description": principle.description,
                }
            )
    return alignments


def course_badge_spec(
    catalogue: Catalogue, definitions: BadgeDefinitions, course: Course
) -> BadgeClassSpec:
    badge = _course_badge(definitions, course)
    stacked = [module_badge_name(course, module) for module in course.visible_modules()]
    criteria = (
        badge.criteria
        + "\n\nThis badge stacks the module badges:\n\n"
        + "\n".join(f"- {name}" for name in stacked)
    )
    image = Path(badge.path).parent / badge.image
    return BadgeClassSpec(
        badge_slug=badge.slug,
        kind=BadgeKind.COURSE,
        course_slug=course.slug,
        module_slug=None,
        definition={
            "name": badge.name,
            "description": badge.description,
            "criteria": criteria,
            "alignments": _alignments(catalogue, badge.alignments),
            "tags": list(badge.tags),
            "validity_months": badge.validity_months,
            "stacks": stacked,
        },
        image_svg=image.read_text(encoding="utf-8"),
        image_png=image.with_suffix(".png").read_bytes(),
    )


def module_badge_name(course: Course, module: Module) -> str:
    return dict(module.badge_overrides).get("name") or f"{course.title}: {module.title}"


def module_badge_spec(
    catalogue: Catalogue, definitions: BadgeDefinitions, course: Course, module: Module
) -> BadgeClassSpec:
    badge = _course_badge(definitions, course)
    overrides = dict(module.badge_overrides)
    name = module_badge_name(course, module)
    description = overrides.get("description") or (
        f"The earner completed module {module.number}, “{module.title}”, of the course "
        f"“{course.title}”. " + " ".join(module.outcomes)
    )
    criteria = [
        f"The earner completed module {module.number}, “{module.title}”, of the course "
        f"“{course.title}”. They read every section and can:",
        "",
        *(f"- {outcome}" for outcome in module.outcomes),
    ]
    if module.quiz is not None:
        criteria += [
            "",
            f"They passed the module's knowledge check of {len(module.quiz.questions)} "
            f"questions at or above its pass mark of {module.quiz.pass_mark}%.",
        ]
    return BadgeClassSpec(
        badge_slug=module_badge_slug(course, module),
        kind=BadgeKind.MODULE,
        course_slug=course.slug,
        module_slug=module.slug,
        definition={
            "name": name,
            "description": description,
            "criteria": overrides.get("criteria") or "\n".join(criteria),
            "alignments": _alignments(catalogue, module.principles),
            "tags": [*badge.tags[:5], "module"],
            "validity_months": badge.validity_months,
            "stacks": [],
        },
        image_svg=module_badge_svg(badge.colour, module.number, module.title, name),
        image_png=module_badge_png(badge.colour, module.number, module.title),
    )


def _course_badge(definitions: BadgeDefinitions, course: Course) -> CourseBadgeDefinition:
    badge = definitions.badge(course.badge_slug)
    if badge is None:
        raise UnknownBadge(f"the badge {course.badge_slug} of {course.slug} is not defined")
    return badge


def find_badge_spec(
    catalogue: Catalogue, definitions: BadgeDefinitions, badge_slug: str
) -> BadgeClassSpec:
    """The spec of a course badge (`co-production`) or module badge (`co-production--01-x`)."""
    course_badge, _, module_slug = badge_slug.partition(MODULE_SEPARATOR)
    course = next((c for c in catalogue.courses if c.badge_slug == course_badge), None)
    if course is None:
        raise UnknownBadge(f"no course awards the badge {badge_slug!r}")
    if not module_slug:
        return course_badge_spec(catalogue, definitions, course)
    module = course.module(module_slug)
    if module is None:
        raise UnknownBadge(f"the course {course.slug} has no module {module_slug!r}")
    return module_badge_spec(catalogue, definitions, course, module)


def store_badge_class(session: Session, spec: BadgeClassSpec, now: datetime) -> BadgeClassVersion:
    """The stored version for this definition, created the first time it is seen."""
    content_hash = spec.content_hash
    query = select(BadgeClassVersion).where(
        BadgeClassVersion.badge_slug == spec.badge_slug,
        BadgeClassVersion.content_hash == content_hash,
    )
    version = session.scalar(query)
    if version is not None:
        return version
    inserted = insert_once(
        session,
        BadgeClassVersion(
            badge_slug=spec.badge_slug,
            kind=spec.kind,
            course_slug=spec.course_slug,
            module_slug=spec.module_slug,
            content_hash=content_hash,
            definition=spec.definition,
            image_svg=spec.image_svg,
            image_png=spec.image_png,
            created_at=now,
        ),
    )
    if inserted:
        logger.info("Badge class %s version %s stored", spec.badge_slug, content_hash[:12])
    return session.scalars(query).one()
