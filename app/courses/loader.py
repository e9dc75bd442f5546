"""Read the course folders into a Catalogue, collecting every problem with its file and line.

A course with any problem is left out of the catalogue (and reported); the others load.
"""

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml
from markdown_it.token import Token

from app.courses import schema
from app.courses.files import Problems, content_hash, read_front_matter, read_text
from app.courses.frontmatter import YamlMapping
from app.courses.model import (
    AudienceRule,
    Catalogue,
    Course,
    Module,
    Principle,
    Requirement,
    Section,
    Status,
)
from app.courses.quiz import Block, parse_quiz, parse_reflection
from app.courses.render import MODULE_FILE, PARSER, UrlScheme, render
from app.models import AssociateKind, CouncilRole, MembershipCategory

MODULE_NAME = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
COURSE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_ORDER = 100
BADGE_OVERRIDE_KEYS = ("name", "description", "criteria")

COURSE_FIELDS = {
    "title": schema.Field(schema.short_text(200)),
    "summary": schema.Field(schema.short_text(300)),
    "badge": schema.Field(schema.text),
    "hours": schema.Field(schema.positive_number),
    "order": schema.Field(schema.positive_int, required=False),
    "status": schema.Field(schema.one_of(Status)),
    "outcomes": schema.Field(schema.text_list),
    "audiences": schema.Field(schema.non_empty_list("audience rules")),
}
MODULE_FIELDS = {
    "title": schema.Field(schema.short_text(200)),
    "minutes": schema.Field(schema.positive_int),
    "outcomes": schema.Field(schema.text_list),
    "principles": schema.Field(schema.id_list),
    "status": schema.Field(schema.one_of(Status)),
    "badge": schema.Field(schema.mapping, required=False),
}
AUDIENCE_FIELDS = {
    "category": schema.Field(schema.one_of(MembershipCategory), required=False),
    "associate_kind": schema.Field(schema.one_of(AssociateKind), required=False),
    "council_role": schema.Field(schema.one_of(CouncilRole), required=False),
    "requirement": schema.Field(schema.one_of(Requirement)),
}
PRINCIPLE_FIELDS = {
    "id": schema.Field(schema.text),
    "framework": schema.Field(schema.one_of(("ICA", "CCIN"))),
    "name": schema.Field(schema.text),
    "description": schema.Field(schema.text),
}


def load_catalogue(
    courses_dir: Path, badges_dir: Path, urls: Callable[[str], UrlScheme] = UrlScheme
) -> Catalogue:
    """Load every course under `courses_dir`; invalid courses are reported, not loaded."""
    problems = Problems(courses_dir)
    principles = load_principles(courses_dir / "principles.yaml", problems)
    principle_ids = {principle.id for principle in principles}
    courses: list[Course] = []
    folders = sorted(p for p in courses_dir.iterdir() if p.is_dir()) if courses_dir.is_dir() else []
    for folder in folders:
        if not COURSE_SLUG.match(folder.name):
            problems.add(
                folder,
                1,
                "course folder names use lower-case letters, digits and "
                "hyphens only; rename the folder",
            )
            continue
        before = len(problems.found)
        course = load_course(folder, badges_dir, principle_ids, urls(folder.name), problems)
        if course is not None and len(problems.found) == before:
            courses.append(course)
    badge_uses = Counter(course.badge_slug for course in courses)
    for course in courses:
        if badge_uses[course.badge_slug] > 1:
            problems.add(
                Path(course.path),
                1,
                f"the badge `{course.badge_slug}` is awarded by "
                "more than one course; give each course its own",
            )
    valid = tuple(
        sorted(
            (c for c in courses if badge_uses[c.badge_slug] == 1), key=lambda c: (c.order, c.slug)
        )
    )
    return Catalogue(valid, tuple(principles), tuple(problems.found))


def load_principles(path: Path, problems: Problems) -> list[Principle]:
    text = read_text(path, problems)
    if text is None:
        return []
    try:
        items = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(path, (mark.line + 1) if mark else 1, f"the YAML cannot be read: {error}")
        return []
    if not isinstance(items, list):
        problems.add(path, 1, "expected a list of principles (lines starting `- id:`)")
        return []
    principles = []
    for index, item in enumerate(items, start=1):
        values = item if isinstance(item, dict) else {}

        def report(_line: int, message: str, number: int = index) -> None:
            problems.add(path, 1, f"principle {number}: {message}")

        if schema.check_fields(YamlMapping(values), PRINCIPLE_FIELDS, report):
            principles.append(Principle(**{key: str(values[key]) for key in PRINCIPLE_FIELDS}))
    duplicates = [pid for pid, n in Counter(p.id for p in principles).items() if n > 1]
    for principle_id in duplicates:
        problems.add(path, 1, f"the id `{principle_id}` is used twice; ids must be unique")
    return principles


def load_course(
    folder: Path,
    badges_dir: Path,
    principle_ids: set[str],
    urls: UrlScheme,
    problems: Problems,
) -> Course | None:
    course_file = folder / "course.md"
    if not course_file.exists():
        problems.add(
            course_file,
            1,
            "every course folder needs a course.md; add one "
            "(`flask courses new <slug>` writes a template)",
        )
        return None
    parsed = read_front_matter(course_file, problems)
    if parsed is None:
        return None
    front, body, body_line = parsed
    report = problems.reporter(course_file, 2)
    fields_ok = schema.check_fields(front, COURSE_FIELDS, report)
    audiences = parse_audiences(front, report) if "audiences" in front.values else ()
    values = front.values
    if fields_ok and not (badges_dir / f"{values['badge']}.yaml").is_file():
        report(
            front.key_lines["badge"],
            f"the badge `{values['badge']}` does not exist; add "
            f"badges/{values['badge']}.yaml or correct the slug",
        )
    modules = load_modules(folder, principle_ids, urls, problems)
    intro = render(body, urls)
    report_references(course_file, body_line, intro.references, intro.raw_html_lines, problems)
    if not fields_ok or audiences is None:
        return None
    versions = "".join(module.version for module in modules)
    return Course(
        slug=folder.name,
        title=values["title"].strip(),
        summary=values["summary"].strip(),
        badge_slug=values["badge"],
        hours=float(values["hours"]),
        order=values.get("order", DEFAULT_ORDER),
        status=Status(values["status"]),
        outcomes=tuple(values["outcomes"]),
        audiences=audiences,
        intro_html=intro.html,
        modules=tuple(modules),
        version=content_hash(course_file.read_bytes(), versions),
        path=str(course_file),
    )


def parse_audiences(
    front: YamlMapping, report: Callable[[int, str], None]
) -> tuple[AudienceRule, ...] | None:
    line = front.key_lines["audiences"]
    rules = []
    for number, item in enumerate(front.values["audiences"] or [], start=1):
        if not isinstance(item, dict):
            report(
                line,
                f"audience rule {number} must be a mapping such as "
                "`- category: full` / `  requirement: core`",
            )
            return None
        prefix = f"audience rule {number}: "
        if not schema.check_fields(
            YamlMapping(item),
            AUDIENCE_FIELDS,
            lambda _line, message, p=prefix: report(line, p + message),
        ):
            return None
        if item.get("associate_kind") and item.get("category") != "associate":
            report(line, prefix + "`associate_kind` needs `category: associate`")
            return None
        rules.append(
            AudienceRule(
                requirement=Requirement(item["requirement"]),
                category=MembershipCategory(item["category"]) if item.get("category") else None,
                associate_kind=AssociateKind(item["associate_kind"])
                if item.get("associate_kind")
                else None,
                council_role=CouncilRole(item["council_role"])
                if item.get("council_role")
                else None,
            )
        )
    return tuple(rules)


def load_modules(
    folder: Path, principle_ids: set[str], urls: UrlScheme, problems: Problems
) -> list[Module]:
    modules = []
    for path in sorted(folder.glob("*.md")):
        if path.name == "course.md":
            continue
        match = MODULE_NAME.match(path.name)
        if not match:
            problems.add(
                path,
                1,
                "module files are named with a two-digit number and a slug, "
                "like 01-what-makes-a-council-co-operative.md; rename it",
            )
            continue
        module = load_module(
            path, int(match["number"]), match["slug"], principle_ids, urls, problems
        )
        if module is not None:
            modules.append(module)
    for attribute, label in (("number", "number"), ("slug", "slug")):
        counts = Counter(getattr(module, attribute) for module in modules)
        for module in modules:
            if counts[getattr(module, attribute)] > 1:
                problems.add(
                    Path(module.path),
                    1,
                    f"another module has the same {label}; rename one of the files",
                )
    return modules


def load_module(
    path: Path,
    number: int,
    slug: str,
    principle_ids: set[str],
    urls: UrlScheme,
    problems: Problems,
) -> Module | None:
    parsed = read_front_matter(path, problems)
    if parsed is None:
        return None
    front, body, body_line = parsed
    before = len(problems.found)
    report = problems.reporter(path, 2)
    schema.check_fields(front, MODULE_FIELDS, report)
    values = front.values
    for principle in values.get("principles") or []:
        if principle not in principle_ids:
            report(
                front.key_lines["principles"],
                f"unknown principle `{principle}`; use an id from courses/principles.yaml",
            )
    overrides = values.get("badge") if isinstance(values.get("badge"), dict) else {}
    for key in sorted(set(overrides) - set(BADGE_OVERRIDE_KEYS)):
        report(
            front.key_lines["badge"],
            f"unknown badge key `{key}`; the keys allowed are: {', '.join(BADGE_OVERRIDE_KEYS)}",
        )

    lines = body.splitlines(keepends=True)
    blocks: dict[str, list[Block]] = {"quiz": [], "reflection": []}
    headings: list[tuple[int, str]] = []
    tokens = PARSER.parse(body)
    for index, token in enumerate(tokens):
        if token.type == "fence" and token.info.strip() in blocks and token.map:
            start, end = token.map
            blocks[token.info.strip()].append(Block(token.content, body_line + start + 1))
            lines[start:end] = ["\n"] * (end - start)
        elif token.type == "heading_open" and token.tag == "h2" and token.level == 0:
            headings.append((token.map[0], _inline_text(tokens[index + 1])))

    if not headings:
        problems.add(
            path,
            body_line,
            "a module needs at least one section: start each with a `## Heading` line",
        )
    intro_end = headings[0][0] if headings else len(lines)
    intro = render("".join(lines[:intro_end]), urls)
    report_references(path, body_line, intro.references, intro.raw_html_lines, problems)
    sections = []
    used_slugs: set[str] = set()
    for position, (start, title) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        source = "".join(lines[start + 1 : end])
        rendered = render(source, urls, demote_headings=True)
        report_references(
            path, body_line + start + 1, rendered.references, rendered.raw_html_lines, problems
        )
        section_slug = unique_slug(title, used_slugs)
        sections.append(Section(position + 1, section_slug, title, rendered.html))

    quiz = None
    if len(blocks["quiz"]) != 1:
        problems.add(
            path,
            body_line,
            "a module ends with exactly one knowledge check: one "
            "```quiz block (see courses/README.md)",
        )
    else:
        quiz = parse_quiz(blocks["quiz"][0], problems.reporter(path, blocks["quiz"][0].line))
    reflection = None
    if len(blocks["reflection"]) > 1:
        problems.add(path, blocks["reflection"][1].line, "a module has at most one reflection")
    elif blocks["reflection"]:
        reflection = parse_reflection(
            blocks["reflection"][0], problems.reporter(path, blocks["reflection"][0].line)
        )
    if len(problems.found) > before or quiz is None:
        return None
    return Module(
        course_slug=path.parent.name,
        slug=slug,
        number=number,
        title=values["title"].strip(),
        minutes=values["minutes"],
        outcomes=tuple(values["outcomes"]),
        principles=tuple(values["principles"]),
        status=Status(values["status"]),
        intro_html=intro.html,
        sections=tuple(sections),
        quiz=quiz,
        reflection_prompt=reflection,
        version=content_hash(path.read_bytes()),
        badge_overrides=tuple(sorted((str(k), str(v)) for k, v in overrides.items())),
        path=str(path),
    )


def _inline_text(token: Token) -> str:
    return (
        "".join(child.content for child in token.children or [] if child.content) or token.content
    )


def unique_slug(title: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
    slug, counter = base, 2
    while slug in used:
        slug, counter = f"{base}-{counter}", counter + 1
    used.add(slug)
    return slug


def report_references(
    path: Path,
    first_line: int,
    references: tuple,
    raw_html_lines: tuple[int, ...],
    problems: Problems,
) -> None:
    """Report links and images to files that do not exist, and raw HTML."""
    for reference in references:
        target = reference.target.split("#")[0]
        module_link = MODULE_FILE.match(target)
        exists = (path.parent / target).is_file()
        if not exists or not (module_link or target.startswith("media/")):
            problems.add(
                path,
                first_line + reference.line,
                f"the link `{reference.target}` does not point to a file in this "
                "course's media/ folder or to a module file; check the path",
            )
    for line in raw_html_lines:
        problems.add(
            path,
            first_line + line,
            "raw HTML is not allowed; write it in Markdown (it is shown to learners as plain text)",
        )
