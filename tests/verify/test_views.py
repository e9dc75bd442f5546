"""The /verify page: one form, a result listing every check, errors in a linked summary."""

import io
import re

import pytest

from app.badges import awards

EMAIL = "ada@example.org"


@pytest.fixture
def award(issue):
    return issue(EMAIL, name="Ada Lovelace")


def submit(forms, *, image: bytes | None = None, filename="badge.png", text="", email=""):
    data = {"badge_text": text, "email": email}
    data["badge_file"] = (io.BytesIO(image or b""), filename if image is not None else "")
    return forms.submit("/verify", data, content_type="multipart/form-data")


def checks_on(html: str) -> list[tuple[str, str]]:
    """(result, title) of every check listed on the result page."""
    return re.findall(
        r'<strong class="tag tag--\w+">([^<]+)</strong>\s*<span class="check-list__title">([^<]+)',
        html,
    )


def test_the_form_is_public_and_says_what_it_takes(client):
    response = client.get("/verify")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrf_token"' in html
    assert 'type="file"' in html and "<textarea" in html
    assert "Check a badge" in html


def test_the_footer_links_to_the_verify_page(client):
    assert 'href="/verify">Verify a badge</a>' in client.get("/").get_data(as_text=True)


def test_a_genuine_baked_png_lists_every_check_as_passed(forms, award, download):
    response = submit(forms, image=download(award, "badge.png"), email=EMAIL)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 class="heading-l">This badge is genuine</h1>' in html
    listed = checks_on(html)
    assert [title for _, title in listed] == [
        "Signature",
        "Signing key",
        "Image",
        "Badge class and issuer",
        "Revocation",
        "Expiry",
        "Recipient",
        "Criteria and evidence",
    ]
    assert {result for result, _ in listed} == {"Passed"}
    assert "Ada Lovelace" in html and "Evidence" in html and "Criteria" in html
    assert EMAIL not in html


def test_a_pasted_jws_that_was_revoked_says_why(db, forms, award, download, now):
    jws = download(award, "signed.jws").decode()
    awards.revoke_award(award, "Issued in error", None, now)
    db.commit()
    html = submit(forms, text=jws).get_data(as_text=True)
    assert "This badge is no longer valid: it was revoked. Reason: Issued in error" in html
    assert ("Failed", "Revocation") in checks_on(html)


def test_a_wrong_email_is_a_result_not_an_error(forms, award, download):
    response = submit(forms, text=download(award, "signed.jws").decode(), email="x@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This badge is not genuine for that email address: it was issued to Ada Lovelace" in html
    assert ("Failed", "Recipient") in checks_on(html)
    assert "x@example.org" not in html.replace('value="x@example.org"', "")


def test_a_foreign_url_is_not_ours(forms):
    html = submit(forms, text="https://badges.example.org/assertions/1").get_data(as_text=True)
    assert "This badge was not issued by this platform" in html


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({}, "badge_file", "Choose a badge image, or paste a signed badge"),
        (
            {"image": b"\x89PNG\r\n\x1a\n", "text": "abc"},
            "badge_file",
            "Choose a badge image or paste a badge, not both",
        ),
        ({"image": b"GIF89a...."}, "badge_file", "The selected file cannot be checked: "),
        (
            {"image": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
            "badge_file",
            "The selected file cannot be checked: the PNG is truncated",
        ),
        (
            {
                "image": b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>",
                "filename": "badge.svg",
            },
            "badge_file",
            "The selected file cannot be checked: the SVG contains a script",
        ),
        ({"text": "{not json"}, "badge_text", "The pasted text cannot be checked: "),
        ({"text": "abc", "email": "not-an-email"}, "email", "Enter an email address"),
    ],
)
def test_problems_are_listed_in_an_error_summary_linked_to_the_field(forms, kwargs, field, message):
    response = submit(forms, **kwargs)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert re.search(rf'<a href="#{field}">{re.escape(message)}', html), html
    assert f'id="{field}-error"' in html
    assert "<title>Error: Check a badge" in html


def test_an_empty_file_is_refused(forms):
    response = submit(forms, image=b"", filename="badge.png")
    assert response.status_code == 400


def test_the_form_needs_its_csrf_token(client):
    response = client.post("/verify", data={"badge_text": "abc"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def multipart(fields: dict[str, tuple[str, bytes]], boundary: str = "b0undary") -> bytes:
    """A multipart body built in memory (the test client would spool a large one to a file)."""
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
        f"\r\nContent-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
        for name, (filename, content) in fields.items()
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def test_a_file_over_2_mb_gets_a_clear_413(client):
    body = multipart({"badge_file": ("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (2 << 20))})
    response = client.post(
        "/verify", data=body, content_type="multipart/form-data; boundary=b0undary"
    )
    assert response.status_code == 413
    assert "The file is too large. Choose a file smaller than 2 MB." in response.get_data(
        as_text=True
    )


def test_checks_are_rate_limited_per_address(app, forms):
    app.config["VERIFY_RATE_LIMIT"] = 2
    for _ in range(2):
        assert submit(forms, text="https://badges.example.org/a/1").status_code == 200
    response = submit(forms, text="https://badges.example.org/a/1")
    assert response.status_code == 429
    assert "You have checked 2 badges in a short time" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "300"
    # Another address is not held back.
    other = forms.submit(
        "/verify",
        {"badge_text": "https://badges.example.org/a/1"},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert other.status_code == 200


def test_the_rate_limit_comes_from_the_environment(monkeypatch):
    from app import create_app

    monkeypatch.setenv("VERIFY_RATE_LIMIT", "7")
    monkeypatch.setenv("VERIFY_RATE_WINDOW_SECONDS", "90")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
    assert (app.config["VERIFY_RATE_LIMIT"], app.config["VERIFY_RATE_WINDOW_SECONDS"]) == (7, 90)


def test_the_email_is_never_logged(forms, award, download, caplog):
    caplog.set_level("DEBUG")
    submit(forms, image=download(award, "badge.png"), email=EMAIL)
    assert "Badge check of png-signed: genuine" in caplog.text
    assert EMAIL not in caplog.text
