"""An opposition councillor's first module, from registration to "Continue", in Chromium."""

import pytest
from playwright.sync_api import expect

from app.config import PROJECT_ROOT
from app.courses.loader import load_catalogue

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def opposition_course():
    catalogue = load_catalogue(PROJECT_ROOT / "courses", PROJECT_ROOT / "badges")
    return catalogue.course("values-in-opposition")


def register(page, live_server, axe):
    page.goto(live_server.url + "/register")
    page.get_by_label("Full name").fill("Rhian Evans")
    page.get_by_label("Email address").fill("rhian@example.org")
    page.get_by_label("Councillor").check()
    page.get_by_label("Your organisation", exact=True).select_option(label="York Labour Group")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def answer(page, module, right: bool) -> None:
    for question in module.quiz.questions:
        wanted = (
            question.answers
            if right
            else {next(o.key for o in question.options if o.key not in question.answers)}
        )
        for key in sorted(wanted):
            # By keyboard: focus the option and press Space, as a keyboard user would.
            page.locator(f"#{question.field_name}-{key}").focus()
            page.keyboard.press("Space")


def test_an_opposition_councillor_completes_a_module_and_continues_later(
    live_server, page, axe, opposition_course
):
    module = opposition_course.modules[0]
    register(page, live_server, axe)
    assert page.get_by_role("heading", level=1).inner_text() == "Your learning"
    core = page.locator("h2:has-text('Core courses') + p + ul")
    assert "Co-operative values in opposition" in core.inner_text()
    axe.check(page)

    # Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

    page.get_by_role("link", name="Co-operative values in opposition", exact=True).click()
    axe.check(page)
    page.get_by_role("link", name="Start the course").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(module.title)
    axe.check(page)
    page.get_by_role("link", name="Start", exact=True).click()
    for section in module.sections:
        assert page.get_by_role("heading", level=1).inner_text() == section.title
        axe.check(page)
        page.locator("a[rel=next]").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Knowledge check"
    axe.check(page)
    answer(page, module, right=False)
    page.get_by_role("button", name="Check my answers").click()
    assert "You did not pass this time" in page.content()
    axe.check(page)
    page.get_by_role("link", name="Try again").click()
    answer(page, module, right=True)
    page.get_by_role("button", name="Check my answers").click()
    assert "You passed" in page.content()
    assert "You have completed this module" in page.get_by_role("status").first.inner_text()
    axe.check(page)

    page.get_by_role("link", name="Next: Reflection").click()
    page.get_by_label(module.reflection_prompt).fill("I will ask residents first.")
    # With JavaScript the reflection saves as the learner types; the button works without it.
    expect(page.locator("[data-autosave-status]")).to_have_text("Saved.", timeout=10_000)
    page.get_by_role("button", name="Save reflection").click()
    assert "Your reflection has been saved" in page.content()
    axe.check(page)

    # Start the second module, stop on its second section, and leave.
    second = opposition_course.modules[1]
    page.goto(f"{live_server.url}/learn/courses/{opposition_course.slug}/{second.slug}/2")
    page.get_by_role("button", name="Sign out").click()

    page.goto(live_server.url + "/sign-in")
    page.get_by_label("Email address").fill("rhian@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert "1 of 4 modules completed" in page.content()
    page.get_by_role("link", name="Continue Co-operative values in opposition").click()
    assert page.get_by_role("heading", level=1).inner_text() == second.sections[1].title
    axe.check(page)

    page.get_by_role("link", name="My progress").click()
    assert "Completed module" in page.content()
    axe.check(page)
