"""The programme's real courses: all valid, complete, and on the right pathways."""

from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.courses.loader import load_catalogue
from app.courses.model import Requirement
from app.models import AssociateKind, CouncilRole, MembershipCategory

CORE, OPTIONAL = Requirement.CORE, Requirement.OPTIONAL


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(PROJECT_ROOT / "courses", PROJECT_ROOT / "badges")


def test_every_course_file_is_valid(catalogue):
    assert [str(problem) for problem in catalogue.problems] == []
    assert len(catalogue.courses) == 8


def test_each_course_has_three_to_six_modules_and_thirty_in_all(catalogue):
    assert all(3 <= len(course.modules) <= 6 for course in catalogue.courses)
    assert sum(len(course.modules) for course in catalogue.courses) >= 30


def test_each_module_has_a_real_knowledge_check_and_a_reflection(catalogue):
    for course in catalogue.courses:
        for module in course.modules:
            assert len(module.quiz.questions) >= 4, module.path
            assert all(question.explanation for question in module.quiz.questions)
            assert module.reflection_prompt, module.path


ASSOCIATE, FULL = MembershipCategory.ASSOCIATE, MembershipCategory.FULL
OPPOSITION, LOCAL = AssociateKind.OPPOSITION_GROUP, AssociateKind.LOCAL_COUNCIL


@pytest.mark.parametrize(
    ("slug", "category", "kind", "role", "expected"),
    [
        ("induction-welcome", MembershipCategory.SUPPORTER, None, CouncilRole.OTHER, CORE),
        ("induction-welcome", MembershipCategory.AFFILIATE, None, CouncilRole.OFFICER, CORE),
        ("induction-principles", FULL, None, CouncilRole.OFFICER, CORE),
        ("induction-principles", ASSOCIATE, LOCAL, CouncilRole.COUNCILLOR, CORE),
        ("induction-principles", MembershipCategory.AFFILIATE, None, CouncilRole.OTHER, OPTIONAL),
        ("values-in-opposition", ASSOCIATE, OPPOSITION, CouncilRole.COUNCILLOR, CORE),
        ("values-in-opposition", FULL, None, CouncilRole.COUNCILLOR, OPTIONAL),
        ("town-and-parish", ASSOCIATE, LOCAL, CouncilRole.OFFICER, CORE),
        ("town-and-parish", ASSOCIATE, OPPOSITION, CouncilRole.COUNCILLOR, OPTIONAL),
        ("co-production", FULL, None, CouncilRole.OFFICER, CORE),
        ("co-production", MembershipCategory.SUPPORTER, None, CouncilRole.OTHER, OPTIONAL),
        ("councillor-as-connector", FULL, None, CouncilRole.COUNCILLOR, CORE),
        ("councillor-as-connector", FULL, None, CouncilRole.OFFICER, OPTIONAL),
        ("governance-and-culture", FULL, None, CouncilRole.OFFICER, CORE),
    ],
)
def test_pathways_follow_the_programme(catalogue, slug, category, kind, role, expected):
    assert catalogue.course(slug).requirement_for(category, kind, role) is expected


def test_the_authors_guide_documents_the_format():
    guide = (PROJECT_ROOT / "courses" / "README.md").read_text()
    for term in ("```quiz", "```reflection", "audiences", "flask courses check"):
        assert term in guide
    assert Path(PROJECT_ROOT / "badges" / "README.md").exists()
