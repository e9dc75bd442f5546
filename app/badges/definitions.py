"""Badge definitions: the issuer and course badges from badges/*.yaml, checked with their lines."""

import re
from dataclasses import dataclass
from pathlib import Path

from app.courses import schema
from app.courses.files import Problems, read_text
from app.courses.frontmatter import YamlError, parse_yaml_mapping
from app.courses.model import Problem

ISSUER_FILE = "issuer.yaml"
BADGE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
IMAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.svg")


def colour(value: object) -> str | None:
    if not isinstance(value, str) or not COLOUR.fullmatch(value):
        return 'must be a hex colour in quotes, like "#00594f"'
    return None


def svg_file(value: object) -> str | None:
    if not isinstance(value, str) or not IMAGE_NAME.fullmatch(value):
        return "must be the name of an SVG file beside this one, like `co-production.svg`"
    return None


def validity(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 240:
        return "must be a whole number of months from 1 to 240"
    return None


def tags(value: object) -> str | None:
    problem = schema.text_list(value)
    if problem is None and not 3 <= len(value) <= 6:  # type: ignore[arg-type]
        return "must list 3 to 6 tags"
    if problem is None and any(tag != tag.lower() for tag in value):  # type: ignore[union-attr]
        return "must be lower-case"
    return problem


def url_path(value: object) -> str | None:
    if not isinstance(value, str) or not value.startswith("/"):
        return "must be a path on the site starting with `/`, such as `/`"
    return None


ISSUER_FIELDS = {
    "name": schema.Field(schema.short_text(200)),
    "url": schema.Field(url_path),
    "email": schema.Field(schema.short_text(254)),
    "description": schema.Field(schema.text),
    "image": schema.Field(svg_file),
}
BADGE_FIELDS = {
    "name": schema.Field(schema.short_text(200)),
    "description": schema.Field(schema.text),
    "image": schema.Field(svg_file),
    "criteria": schema.Field(schema.text),
    "alignments": schema.Field(schema.id_list),
    "tags": schema.Field(tags),
    "validity_months": schema.Field(validity, required=False),
    "colour": schema.Field(colour),
}


@dataclass(frozen=True)
class IssuerDefinition:
    name: str
    url: str
    email: str
    description: str
    image: str


@dataclass(frozen=True)
class CourseBadgeDefinition:
    slug: str
    name: str
    description: str
    image: str
    criteria: str
    alignments: tuple[str, ...]
    tags: tuple[str, ...]
    validity_months: int | None
    colour: str
    path: str


@dataclass(frozen=True)
class BadgeDefinitions:
    issuer: IssuerDefinition | None
    badges: dict[str, CourseBadgeDefinition]
    problems: tuple[Problem, ...]
    root: Path

    def badge(self, slug: str) -> CourseBadgeDefinition | None:
        return self.badges.get(slug)


def load_badge_definitions(badges_dir: Path, principle_ids: set[str]) -> BadgeDefinitions:
    """Read issuer.yaml and every course badge; invalid files are reported, not loaded."""
    problems = Problems(badges_dir)
    issuer = _load_issuer(badges_dir / ISSUER_FILE, problems)
    badges = {}
    paths = sorted(badges_dir.glob("*.yaml")) if badges_dir.is_dir() else []
    for path in paths:
        if path.name == ISSUER_FILE:
            continue
        badge = _load_badge(path, principle_ids, problems)
        if badge is not None:
            badges[badge.slug] = badge
    return BadgeDefinitions(issuer, badges, tuple(problems.found), badges_dir)


def _read_mapping(path: Path, fields: dict, problems: Problems) -> dict | None:
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        data = parse_yaml_mapping(text)
    except YamlError as error:
        problems.add(path, error.line + 1, error.message)
        return None
    before = len(problems.found)
    schema.check_fields(data, fields, problems.reporter(path, 1))
    values = data.values
    image = values.get("image")
    if isinstance(image, str) and svg_file(image) is None:
        for name in (image, image.removesuffix(".svg") + ".png"):
            if not (path.parent / name).is_file():
                problems.add(
                    path,
                    data.key_lines.get("image", 0) + 1,
                    f"the image `{name}` does not exist; add it beside {path.name}",
                )
    return {**values, "_lines": data} if len(problems.found) == before else None


def _load_issuer(path: Path, problems: Problems) -> IssuerDefinition | None:
    if not path.is_file():
        problems.add(path, 1, "the issuer profile is missing; add badges/issuer.yaml")
        return None
    values = _read_mapping(path, ISSUER_FIELDS, problems)
    if values is None:
        return None
    return IssuerDefinition(
        name=values["name"].strip(),
        url=values["url"],
        email=values["email"].strip(),
        description=values["description"].strip(),
        image=values["image"],
    )


def _load_badge(
    path: Path, principle_ids: set[str], problems: Problems
) -> CourseBadgeDefinition | None:
    slug = path.stem
    if not BADGE_SLUG.fullmatch(slug):
        problems.add(path, 1, "badge file names use lower-case letters, digits and hyphens only")
        return None
    values = _read_mapping(path, BADGE_FIELDS, problems)
    if values is None:
        return None
    lines = values["_lines"]
    unknown = False
    for index, principle_id in enumerate(values["alignments"]):
        if principle_id not in principle_ids:
            problems.add(
                path,
                lines.line("alignments", index) + 1,
                f"the alignment `{principle_id}` is not a principle in courses/principles.yaml",
            )
            unknown = True
    if unknown:
        return None
    return CourseBadgeDefinition(
        slug=slug,
        name=values["name"].strip(),
        description=values["description"].strip(),
        image=values["image"],
        criteria=values["criteria"].strip(),
        alignments=tuple(values["alignments"]),
        tags=tuple(values["tags"]),
        validity_months=values.get("validity_months"),
        colour=values["colour"].lower(),
        path=str(path),
    )
