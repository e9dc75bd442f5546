"""Immutable course content: what the loader builds from the Markdown files."""

from dataclasses import dataclass
from enum import StrEnum

from app.models import AssociateKind, CouncilRole, MembershipCategory


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Requirement(StrEnum):
    CORE = "core"
    OPTIONAL = "optional"


@dataclass(frozen=True)
class Problem:
    """Something wrong in a content file, worded for its author."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Principle:
    id: str
    framework: str
    name: str
    description: str


@dataclass(frozen=True)
class AudienceRule:
    """Matches learners by category, associate kind and council role; None matches anyone."""

    requirement: Requirement
    category: MembershipCategory | None = None
    associate_kind: AssociateKind | None = None
    council_role: CouncilRole | None = None

    def matches(
        self,
        category: MembershipCategory,
        associate_kind: AssociateKind | None,
        council_role: CouncilRole,
    ) -> bool:
        return (
            (self.category is None or self.category == category)
            and (self.associate_kind is None or self.associate_kind == associate_kind)
            and (self.council_role is None or self.council_role == council_role)
        )


@dataclass(frozen=True)
class Option:
    key: str
    text: str


@dataclass(frozen=True)
class Question:
    number: int
    prompt: str
    options: tuple[Option, ...]
    answers: frozenset[str]
    explanation: str
    is_multiple: bool

    @property
    def field_name(self) -> str:
        return f"q{self.number}"

    def option_text(self, key: str) -> str:
        return next(option.text for option in self.options if option.key == key)


@dataclass(frozen=True)
class Quiz:
    pass_mark: int  # percentage of questions to answer correctly
    questions: tuple[Question, ...]

    def marks_needed(self) -> int:
        """The number of correct answers that reaches the pass mark."""
        total = len(self.questions)
        return -(-self.pass_mark * total // 100)  # ceiling division


@dataclass(frozen=True)
class Section:
    number: int
    slug: str
    title: str
    html: str


@dataclass(frozen=True)
class Module:
    course_slug: str
    slug: str
    number: int
    title: str
    minutes: int
    outcomes: tuple[str, ...]
    principles: tuple[str, ...]
    status: Status
    intro_html: str
    sections: tuple[Section, ...]
    quiz: Quiz | None
    reflection_prompt: str | None
    version: str  # the hash of the module's file: what progress and credentials record
    badge_overrides: tuple[tuple[str, str], ...]
    path: str

    @property
    def is_published(self) -> bool:
        return self.status is Status.PUBLISHED

    def section(self, number: int) -> Section | None:
        return self.sections[number - 1] if 1 <= number <= len(self.sections) else None


@dataclass(frozen=True)
class Course:
    slug: str
    title: str
    summary: str
    badge_slug: str
    hours: float
    order: int  # courses are listed by this, then by slug
    status: Status
    outcomes: tuple[str, ...]
    audiences: tuple[AudienceRule, ...]
    intro_html: str
    modules: tuple[Module, ...]
    version: str
    path: str

    @property
    def is_published(self) -> bool:
        return self.status is Status.PUBLISHED

    def visible_modules(self, include_drafts: bool = False) -> tuple[Module, ...]:
        return tuple(m for m in self.modules if include_drafts or m.is_published)

    def module(self, slug: str) -> Module | None:
        return next((module for module in self.modules if module.slug == slug), None)

    def requirement_for(
        self,
        category: MembershipCategory,
        associate_kind: AssociateKind | None,
        council_role: CouncilRole,
    ) -> Requirement | None:
        """Core, optional, or None when the course is not on this learner's pathway."""
        for rule in self.audiences:
            if rule.matches(category, associate_kind, council_role):
                return rule.requirement
        return None


@dataclass(frozen=True)
class Catalogue:
    courses: tuple[Course, ...]
    principles: tuple[Principle, ...]
    problems: tuple[Problem, ...]

    def course(self, slug: str) -> Course | None:
        return next((course for course in self.courses if course.slug == slug), None)

    def principle(self, principle_id: str) -> Principle | None:
        return next((p for p in self.principles if p.id == principle_id), None)
