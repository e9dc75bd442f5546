"""A small course tree written per test, so each problem can be planted on purpose."""

import textwrap
from pathlib import Path

import pytest

from app.courses.loader import load_catalogue

PRINCIPLES = """\
- id: ica-1
  framework: ICA
  name: Voluntary and open membership
  description: Open to all.
- id: ccin-1
  framework: CCIN
  name: Social partnership
  description: Working together.
"""

COURSE = """\
---
title: A test course
summary: What the course is for.
badge: test-course
hours: 1
status: published
outcomes:
  - Do a thing
audiences:
  - category: associate
    associate_kind: opposition_group
    requirement: core
  - requirement: optional
---
An introduction.
"""

MODULE = """\
---
title: The first module
minutes: 20
outcomes:
  - Explain a thing
principles: [ica-1]
status: published
---
Module introduction.

## First section

Some *text* with a [picture](media/diagram.png) and [next module](02-second.md).

### A subheading

More text.

## Second section

| a | b |
|---|---|
| 1 | 2 |

A footnote.[^1]

[^1]: The note.

```quiz
pass_mark: 75
questions:
  - question: Pick a
    options:
      a: A
      b: B
    answer: a
    explanation: Because a.
  - question: Pick a and c
    options:
      a: A
      b: B
      c: C
    answer: [a, c]
    explanation: Because a and c.
```

```reflection
prompt: Think about it.
```
"""


class ContentTree:
    def __init__(self, root: Path):
        self.root = root
        self.courses = root / "courses"
        self.badges = root / "badges"
        self.courses.mkdir(parents=True)
        self.badges.mkdir()
        self.write("courses/principles.yaml", PRINCIPLES)
        self.write("courses/test-course/course.md", COURSE)
        self.write("courses/test-course/01-first.md", MODULE)
        self.write("courses/test-course/02-second.md", MODULE.replace("The first", "The second"))
        (self.courses / "test-course" / "media").mkdir()
        (self.courses / "test-course" / "media" / "diagram.png").write_bytes(b"\x89PNG")
        self.write("badges/test-course.yaml", "name: Test\n")

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def edit(self, relative: str, old: str, new: str) -> Path:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    def load(self):
        return load_catalogue(self.courses, self.badges)

    def problems(self) -> list[str]:
        return [str(problem) for problem in self.load().problems]


@pytest.fixture
def content(tmp_path) -> ContentTree:
    return ContentTree(tmp_path)
