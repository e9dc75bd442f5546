"""`flask courses check` and `new`, and reloading the catalogue when files change."""

import os

from app import create_app
from app.courses.store import CatalogueStore


def test_check_passes_on_valid_content_and_fails_on_a_problem(app, runner, content):
    app.config.update(COURSES_PATH=str(content.courses), BADGES_PATH=str(content.badges))
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 0, result.output
    assert "1 courses and 2 modules are valid; 0 problems." in result.output
    content.edit("courses/test-course/01-first.md", "answer: a", "answer: z")
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 1
    assert "courses/test-course/01-first.md:36: question 1: the answer 'z'" in result.output


def test_new_scaffolds_a_draft_course_that_checks_once_it_has_a_badge(app, runner, content):
    app.config.update(COURSES_PATH=str(content.courses), BADGES_PATH=str(content.badges))
    result = runner.invoke(args=["courses", "new", "housing-co-ops", "--title", "Housing"])
    assert result.exit_code == 0, result.output
    assert (content.courses / "housing-co-ops" / "01-first-module.md").exists()
    content.write("badges/housing-co-ops.yaml", "name: Housing\n")
    catalogue = content.load()
    assert catalogue.problems == ()
    assert catalogue.course("housing-co-ops").status == "draft"
    assert runner.invoke(args=["courses", "new", "housing-co-ops"]).exit_code != 0
    assert runner.invoke(args=["courses", "new", "Bad Slug"]).exit_code != 0


def test_the_store_reloads_changed_files_only_when_asked(content):
    store = CatalogueStore(content.courses, content.badges, auto_reload=True)
    frozen = CatalogueStore(content.courses, content.badges, auto_reload=False)
    path = content.edit("courses/test-course/course.md", "A test course", "A renamed course")
    os.utime(path, ns=(1, 1))  # a different modification time, whatever the clock's resolution
    assert store.get().courses[0].title == "A renamed course"
    assert frozen.get().courses[0].title == "A test course"


def test_the_app_starts_with_the_valid_courses(content, database_url, caplog):
    content.write("courses/broken/course.md", "---\ntitle: [\n---\n")
    app = create_app(
        {
            "SECRET_KEY": "x",
            "DATABASE_URL": database_url,
            "COURSES_PATH": str(content.courses),
            "BADGES_PATH": str(content.badges),
        }
    )
    catalogue = app.extensions["catalogue"].get()
    assert [course.slug for course in catalogue.courses] == ["test-course"]
    assert "courses/broken/course.md" in caplog.text
