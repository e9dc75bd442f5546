"""A small course tree written per test, so each problem can be planted on purpose."""

import io
import textwrap
from pathlib import Path

import pytest
from PIL import Image

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


BADGE = """\
name: "Test: the test course"
description: The earner completed the test course.
image: test-course.svg
criteria: The earner completed both modules.
alignments: [ica-1]
tags: [co-operative councils, test, micro-credential]
validity_months: 12
colour: "#00594f"
"""
ISSUER = """\
name: Test issuer
url: /
email: badges@coop-learning.invalid
description: Issues the test badges.
image: issuer.svg
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400"><title>Test</title></svg>\n'


def tiny_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "#00594f").save(buffer, format="PNG")
    return buffer.getvalue()


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
        self.write("badges/test-course.yaml", BADGE)
        self.write("badges/issuer.yaml", ISSUER)
        for name in ("test-course", "issuer"):
            self.write(f"badges/{name}.svg", SVG)
            (self.badges / f"{name}.png").write_bytes(tiny_png())

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
