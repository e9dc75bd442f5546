"""The small test course, for feedback on a completed course."""

from tests.learn.conftest import catalogue, course, course_tree  # noqa: F401 (fixtures)
