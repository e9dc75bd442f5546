"""`flask courses new`: a new course folder from the template."""

from pathlib import Path

from app.courses.loader import COURSE_SLUG

TEMPLATE_DIR = Path(__file__).with_name("template")


class ScaffoldError(Exception):
    """The course cannot be created; the message says why."""


def scaffold_course(courses_dir: Path, slug: str, title: str) -> list[Path]:
    """Write a draft course with one module; returns the files written."""
    if not COURSE_SLUG.match(slug):
        raise ScaffoldError(
            "use lower-case letters, digits and hyphens for the slug, like co-operative-housing"
        )
    folder = courses_dir / slug
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists; choose another slug")
    (folder / "media").mkdir(parents=True)
    written = []
    for template in sorted(TEMPLATE_DIR.glob("*.md")):
        text = template.read_text(encoding="utf-8")
        text = text.replace("{slug}", slug).replace("{title}", title.replace('"', "'"))
        target = folder / template.name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
