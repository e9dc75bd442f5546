"""The content engine: parsing, rendering, and every problem reported as path:line."""

import pytest

from app.courses import render as render_module
from app.courses.model import Requirement, Status
from app.models import AssociateKind, CouncilRole, MembershipCategory


def test_a_valid_course_loads_into_immutable_objects(content):
    catalogue = content.load()
    assert catalogue.problems == ()
    [course] = catalogue.courses
    assert course.title == "A test course" and course.status is Status.PUBLISHED
    assert [m.slug for m in course.modules] == ["first", "second"]
    module = course.modules[0]
    assert [s.title for s in module.sections] == ["First section", "Second section"]
    assert module.sections[0].slug == "first-section"
    assert module.quiz.pass_mark == 75 and len(module.quiz.questions) == 2
    assert module.quiz.questions[1].is_multiple
    assert module.quiz.questions[1].answers == {"a", "c"}
    assert module.reflection_prompt == "Think about it."
    with pytest.raises(AttributeError):
        module.title = "changed"


def test_markdown_renders_tables_footnotes_anchors_and_rewritten_links(content):
    module = content.load().courses[0].modules[0]
    first, second = module.sections
    assert "<img" not in first.html  # a link, not an image
    assert 'href="/learn/media/test-course/media/diagram.png"' in first.html
    assert 'href="/learn/courses/test-course/second"' in first.html
    assert '<h2 id="a-subheading">A subheading</h2>' in first.html
    assert "<table>" in second.html and "footnote-ref" in second.html
    assert "```" not in second.html and "pass_mark" not in second.html


def test_the_module_version_is_its_content_hash(content):
    before = content.load().courses[0].modules[0].version
    assert content.load().courses[0].modules[0].version == before
    content.edit("courses/test-course/01-first.md", "More text.", "Changed text.")
    after = content.load().courses[0]
    assert after.modules[0].version != before
    assert after.modules[1].version == content.load().courses[0].modules[1].version


def test_pathway_rules_take_the_first_match(content):
    course = content.load().courses[0]
    opposition = course.requirement_for(
        MembershipCategory.ASSOCIATE, AssociateKind.OPPOSITION_GROUP, CouncilRole.COUNCILLOR
    )
    parish = course.requirement_for(
        MembershipCategory.ASSOCIATE, AssociateKind.LOCAL_COUNCIL, CouncilRole.COUNCILLOR
    )
    assert opposition is Requirement.CORE and parish is Requirement.OPTIONAL


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "course.md",
            "hours: 1",
            "hours: 1\ncolour: red",
            "courses/test-course/course.md:6: unknown key `colour`",
        ),
        (
            "course.md",
            "summary: What the course is for.\n",
            "",
            "courses/test-course/course.md:2: `summary` is missing",
        ),
        (
            "course.md",
            "badge: test-course",
            "badge: no-such-badge",
            "courses/test-course/course.md:4: the badge `no-such-badge` does not exist",
        ),
        (
            "course.md",
            "status: published",
            "status: live",
            "courses/test-course/course.md:6: `status` must be one of: draft, published",
        ),
        (
            "course.md",
            "associate_kind: opposition_group",
            "associate_kind: mayors",
            "courses/test-course/course.md:9: audience rule 1: `associate_kind` must be one of",
        ),
        (
            "01-first.md",
            "pass_mark: 75",
            "pass_mark: 150",
            "courses/test-course/01-first.md:30: in the quiz: `pass_mark` must be a percentage",
        ),
        (
            "01-first.md",
            "answer: [a, c]",
            "answer: [a, d]",
            "courses/test-course/01-first.md:43: question 2: the answer ['a', 'd'] is not one of",
        ),
        (
            "01-first.md",
            "principles: [ica-1]",
            "principles: [ica-9]",
            "courses/test-course/01-first.md:6: unknown principle `ica-9`",
        ),
        (
            "01-first.md",
            "media/diagram.png",
            "media/missing.png",
            "courses/test-course/01-first.md:13: the link `media/missing.png` does not point",
        ),
        (
            "01-first.md",
            "(02-second.md)",
            "(03-third.md)",
            "courses/test-course/01-first.md:13: the link `03-third.md` does not point",
        ),
        (
            "01-first.md",
            "More text.",
            "![chart](media/chart.png)",
            "courses/test-course/01-first.md:17: the link `media/chart.png` does not point",
        ),
        (
            "01-first.md",
            "minutes: 20",
            "minutes: [twenty",
            "courses/test-course/01-first.md:4: the YAML cannot be read",
        ),
        (
            "01-first.md",
            "More text.",
            "<script>alert(1)</script>",
            "courses/test-course/01-first.md:17: raw HTML is not allowed",
        ),
        (
            "01-first.md",
            "```reflection",
            "```quiz",
            "courses/test-course/01-first.md:9: a module ends with exactly one knowledge check",
        ),
    ],
)
def test_each_problem_is_reported_with_path_line_and_a_fix(content, file, old, new, expected):
    content.edit(f"courses/test-course/{file}", old, new)
    problems = content.problems()
    assert any(problem.startswith(expected) for problem in problems), problems
    assert content.load().courses == ()


def test_a_course_without_course_md(content):
    (content.courses / "test-course" / "course.md").unlink()
    assert content.problems()[0].startswith("courses/test-course/course.md:1: every course folder")


def test_a_non_utf8_file_is_reported_with_its_line(content):
    path = content.courses / "test-course" / "02-second.md"
    path.write_bytes(b"---\ntitle: x\n---\n\ncaf\xe9\n")
    assert "courses/test-course/02-second.md:5: the file is not UTF-8 text" in content.problems()[0]


def test_an_enormous_file_is_refused_without_reading_it(content):
    path = content.courses / "test-course" / "02-second.md"
    path.write_text("x" * 300_000)
    assert "the file is 292 KB" in content.problems()[0]


def test_a_badly_named_module_and_duplicate_slugs(content):
    content.write("courses/test-course/3-third.md", "x")
    content.write(
        "courses/test-course/03-first.md",
        (content.courses / "test-course" / "01-first.md").read_text(),
    )
    problems = content.problems()
    assert any("3-third.md:1: module files are named" in p for p in problems)
    assert any("03-first.md:1: another module has the same slug" in p for p in problems)


def test_two_courses_awarding_one_badge(content):
    content.write(
        "courses/other-course/course.md",
        (content.courses / "test-course" / "course.md").read_text(),
    )
    content.write(
        "courses/other-course/01-first.md",
        (content.courses / "test-course" / "01-first.md")
        .read_text()
        .replace("(02-second.md)", "(01-first.md)"),
    )
    (content.courses / "other-course" / "media").mkdir()
    (content.courses / "other-course" / "media" / "diagram.png").write_bytes(b"x")
    assert any("awarded by more than one course" in p for p in content.problems())


def test_the_valid_courses_load_when_another_is_broken(content):
    content.write("courses/broken/course.md", "no front matter")
    catalogue = content.load()
    assert [course.slug for course in catalogue.courses] == ["test-course"]
    assert "courses/broken/course.md:2: the file must start with front matter" in str(
        catalogue.problems[0]
    ) or "courses/broken/course.md:" in str(catalogue.problems[0])


def test_script_and_javascript_links_never_reach_the_html(content):
    content.edit(
        "courses/test-course/01-first.md",
        "More text.",
        "[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<iframe></iframe>",
    )
    catalogue = content.load()
    assert catalogue.courses == ()
    html = render_module.render(
        "[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<script>x</script>",
        render_module.UrlScheme("c"),
    ).html
    assert 'href="javascript' not in html and "<img" not in html and "<script" not in html
    assert "&lt;script&gt;" in html


def test_rendering_is_cached_by_content_hash(content, monkeypatch):
    calls = []
    original = render_module._render
    monkeypatch.setattr(
        render_module, "_render", lambda *args: calls.append(args) or original(*args)
    )
    source = "A paragraph seen for the first time in this test.\n"
    render_module.render(source, render_module.UrlScheme("c"))
    render_module.render(source, render_module.UrlScheme("c"))
    assert len(calls) == 1
