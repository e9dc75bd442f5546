"""Reading content files safely, and the problems found in them, with their paths and lines."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.courses.frontmatter import YamlError, YamlMapping, parse_yaml_mapping, split_front_matter
from app.courses.model import Problem

MAX_FILE_BYTES = 256 * 1024


@dataclass
class Problems:
    """Collects problems, with paths relative to the content root."""

    root: Path
    found: list[Problem] = field(default_factory=list)

    def add(self, path: Path, line: int, message: str) -> None:
        self.found.append(Problem(self.relative(path), max(line, 1), message))

    def reporter(self, path: Path, first_line: int) -> Callable[[int, str], None]:
        """Report YAML problems whose 0-based lines start at `first_line` (1-based) in `path`."""
        return lambda line, message: self.add(path, first_line + line, message)

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def count_for(self, folder: Path) -> int:
        prefix = self.relative(folder) + "/"
        return sum(1 for problem in self.found if problem.path.startswith(prefix))


def read_text(path: Path, problems: Problems) -> str | None:
    """Read a UTF-8 file of sensible size, or report why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.add(
                path,
                1,
                f"the file is {size // 1024} KB; split it into files under "
                f"{MAX_FILE_BYTES // 1024} KB",
            )
            return None
        data = path.read_bytes()
    except OSError as error:
        problems.add(path, 1, f"the file cannot be read ({error.strerror}); check it exists")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(path, line, "the file is not UTF-8 text; save it with UTF-8 encoding")
        return None


def content_hash(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()[:16]


def read_front_matter(path: Path, problems: Problems) -> tuple[YamlMapping, str, int] | None:
    """Return (front matter, body, body's first line) or report the problem."""
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        front, body, body_line = split_front_matter(text)
        return parse_yaml_mapping(front), body, body_line
    except YamlError as error:
        problems.add(path, error.line + 2, error.message)
        return None
