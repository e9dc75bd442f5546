"""An employer checks a learner's baked badge at /verify, in Chromium, without an account."""

import urllib.request

import pytest

from tests.verify.conftest import download, issue, issuer_key, rsa_key  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
EMAIL = "rhian@example.org"


def test_an_employer_checks_a_genuine_baked_png(live_server, page, axe, issue, tmp_path):  # noqa: F811
    award = issue(EMAIL, name="Rhian Evans")
    # Baked by the running server, so that its URLs are the server's own.
    url = f"{live_server.url}/badges/assertions/{award.public_id}/badge.png"
    with urllib.request.urlopen(url, timeout=10) as response:
        badge = tmp_path / "rhian-badge.png"
        badge.write_bytes(response.read())

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Verify a badge").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check a badge"
    axe.check(page)

    # Nothing chosen: the error summary links to the field.
    page.get_by_role("button", name="Check the badge").click()
    assert page.title().startswith("Error: Check a badge")
    page.get_by_role("link", name="Choose a badge image, or paste a signed badge").click()
    assert page.evaluate("document.activeElement.id") == "badge_file"
    axe.check(page)

    page.get_by_label("Upload a badge image").set_input_files(str(badge))
    page.get_by_label("Email address the badge should belong to (optional)").fill(EMAIL)
    page.get_by_role("button", name="Check the badge").click()
    assert page.get_by_role("heading", level=1).inner_text() == "This badge is genuine"
    results = page.locator(".check-list__item strong.tag").all_inner_texts()
    assert len(results) == 8 and set(results) == {"PASSED"}
    assert "Rhian Evans" in page.content()
    axe.check(page)

    page.get_by_role("link", name="Check another badge").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check a badge"
