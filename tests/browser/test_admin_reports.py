"""An administrator reads the overview report and its charts in a real browser, checked by axe."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.models import CouncilRole, CourseCompletion, Enrolment, Organisation, User
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_account(live_server, database_url):
    """An admin at a Full member, and one learner who completed a course."""
    engine = create_engine(database_url)
    now = datetime.now(UTC)
    with Session(engine) as session:
        organisation = session.scalars(select(Organisation).order_by(Organisation.id)).first()
        for email, is_admin in (("admin@example.org", True), ("learner@example.org", False)):
            user = User(
                email=email,
                name="Alex Admin" if is_admin else "Lee Learner",
                council_role=CouncilRole.OFFICER,
                organisation=organisation,
                is_admin=is_admin,
                created_at=now,
            )
            user.set_password(DEFAULT_PASSWORD, now)
            session.add(user)
            session.flush()
        session.add(Enrolment(user_id=user.id, course_slug="induction-welcome", enrolled_at=now))
        session.add(
            CourseCompletion(
                user_id=user.id,
                course_slug="induction-welcome",
                course_version="v1",
                module_versions={},
                completed_at=now,
            )
        )
        session.commit()
    engine.dispose()
    return "admin@example.org"


def test_an_admin_reads_the_overview_and_its_charts(live_server, page, axe, admin_account):
    page.goto(live_server.url + "/sign-in")
    page.get_by_label("Email address").fill(admin_account)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Admin", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Admin"
    axe.check(page)

    page.get_by_role("link", name="Reports", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Reports"
    chart = page.get_by_role("img", name="Courses completed by membership category")
    assert chart.is_visible()
    assert page.get_by_role("img", name="Engagement over time").is_visible()
    table = page.get_by_role("table", name="By membership category")
    assert "All learners" in table.inner_text()
    axe.check(page)

    # A bad date is explained in an error summary that links to the field.
    page.get_by_label("From date").fill("2026-02-01")
    page.get_by_label("To date").fill("2026-01-01")
    page.get_by_role("button", name="Apply filters").click()
    assert page.title().startswith("Error:")
    summary = page.get_by_role("alert")
    assert "The to date must be the same as or after the from date" in summary.inner_text()
    axe.check(page)

    page.get_by_role("link", name="Evaluation", exact=True).first.click()
    axe.check(page)
    page.goto(live_server.url + "/admin/reports/courses/induction-welcome")
    assert page.get_by_role("img", name="Learners at each step").is_visible()
    axe.check(page)
