"""Badge definitions: `flask courses check` reports every problem in badges/ with its line."""

import pytest

from app.badges.definitions import load_badge_definitions
from tests.courses.conftest import ContentTree


@pytest.fixture
def content(tmp_path) -> ContentTree:
    return ContentTree(tmp_path)


def test_the_real_badges_are_valid(app):
    from pathlib import Path

    from app.courses.store import current_catalogue

    catalogue = current_catalogue()
    definitions = load_badge_definitions(
        Path(app.config["BADGES_PATH"]), {p.id for p in catalogue.principles}
    )
    assert definitions.problems == ()
    assert definitions.issuer is not None
    for course in catalogue.courses:
        assert definitions.badge(course.badge_slug) is not None


def test_problems_name_the_file_and_line(content):
    content.write(
        "badges/test-course.yaml",
        """\
        name: Test
        description: A test.
        image: missing.svg
        criteria: Done.
        alignments: [ica-1, ica-99]
        tags: [One, two, three]
        colour: teal
        flavour: mint
        """,
    )
    content.write("badges/issuer.yaml", "name: Issuer\n")
    found = [str(p) for p in load_badge_definitions(content.badges, {"ica-1"}).problems]
    assert "badges/test-course.yaml:6: `tags` must be lower-case" in found
    assert any(
        p.startswith("badges/test-course.yaml:7: `colour` must be a hex colour") for p in found
    )
    assert any(p.startswith("badges/test-course.yaml:8: unknown key `flavour`") for p in found)
    assert any("badges/issuer.yaml:1: `url` is missing" in p for p in found)
    assert any("the image `missing.svg` does not exist" in p for p in found)


def test_unknown_alignments_are_reported_on_their_line(content):
    content.edit(
        "badges/test-course.yaml", "alignments: [ica-1]", "alignments:\n  - ica-1\n  - ica-99"
    )
    found = [str(p) for p in load_badge_definitions(content.badges, {"ica-1"}).problems]
    assert found == [
        "badges/test-course.yaml:7: the alignment `ica-99` is not a principle in "
        "courses/principles.yaml"
    ]


def test_courses_check_includes_the_badges(app, runner, content):
    app.config.update(COURSES_PATH=str(content.courses), BADGES_PATH=str(content.badges))
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 0, result.output
    assert "The issuer profile and 1 badges are valid." in result.output
    content.edit("badges/test-course.yaml", 'colour: "#00594f"', "colour: red")
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 1
    assert "badges/test-course.yaml:8: `colour` must be a hex colour" in result.output
