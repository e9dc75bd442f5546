"""Learner fixtures on the test course tree, so tests do not depend on the real content."""

import pytest

from tests.courses.conftest import ContentTree


@pytest.fixture
def course_tree(app, tmp_path):
    """The small test course, loaded as the app's catalogue."""
    from app.courses.store import init_catalogue

    tree = ContentTree(tmp_path / "content")
    app.config.update(COURSES_PATH=str(tree.courses), BADGES_PATH=str(tree.badges))
    init_catalogue(app)
    return tree


@pytest.fixture
def catalogue(app, course_tree):
    return app.extensions["catalogue"].get()


@pytest.fixture
def course(catalogue):
    return catalogue.course("test-course")


RIGHT = {"q1": ["a"], "q2": ["a", "c"]}
WRONG = {"q1": ["b"], "q2": ["a"]}
