"""A new learner registers, signs out and signs in again, in a real browser."""

import pytest

pytestmark = pytest.mark.browser


def test_a_new_learner_registers_and_signs_in(live_server, page, axe):
    page.goto(live_server.url + "/")
    axe.check(page)
    page.get_by_role("button", name="Create an account").click()
    expect_heading(page, "Create an account")
    axe.check(page)

    # Submitting an empty form shows the error summary, linked to the fields.
    page.get_by_role("button", name="Create account").click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert page.title().startswith("Error:")
    axe.check(page)
    summary.get_by_role("link", name="Enter your full name").click()
    assert page.evaluate("document.activeElement.id") == "name"

    page.get_by_label("Full name").fill("Nia Jones")
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Councillor").check()
    page.get_by_label("Your organisation", exact=True).select_option(label="York Labour Group")
    page.get_by_label("Create a password").fill("a long enough password")
    page.get_by_label("Confirm password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    assert "Your account has been created" in page.get_by_role("status").inner_text()
    assert "York Labour Group, an Associate member" in page.content()
    axe.check(page)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.click()
    axe.check(page)
    page.get_by_label("Email address").fill("NIA@example.org")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Sign in").click()
    expect_heading(page, "Your learning")
    page.get_by_role("link", name="Your account").click()
    axe.check(page)
    assert len(axe.checked) == 6


def expect_heading(page, text: str) -> None:
    assert page.get_by_role("heading", level=1).inner_text() == text
