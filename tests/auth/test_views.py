"""Registration, sign-in, passwords and resets through the web pages."""

import re
from email import message_from_bytes, policy
from pathlib import Path

from sqlalchemy import select

from app.models import MembershipCategory, User
from tests.conftest import csrf_token_from
from tests.factories import DEFAULT_PASSWORD


def registration(organisation: str, **changes) -> dict:
    data = {
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "council_role": "councillor",
        "organisation": organisation,
        "unlisted_organisation": "",
        "password": "a long enough password",
        "confirm_password": "a long enough password",
    }
    return {**data, **changes}


def test_the_register_page_groups_the_directory_by_category(client, make_organisation):
    make_organisation("Preston City Council")
    make_organisation("York Labour Group", category="associate", associate_kind="opposition_group")
    html = client.get("/register").get_data(as_text=True)
    assert '<optgroup label="Full members">' in html
    assert '<optgroup label="Associate (opposition groups) members">' in html
    assert "My organisation is not listed" in html


def test_a_learner_registers_with_their_organisation_and_is_signed_in(
    forms, client, db, make_organisation
):
    council = make_organisation("Preston City Council")
    response = forms.submit("/register", registration(str(council.id)), page="/register")
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "grace@example.org"))
    assert user.organisation_id == council.id
    assert "You are signed in as Grace Hopper" in client.get("/").get_data(as_text=True)


def test_a_learner_whose_organisation_is_not_listed_joins_as_a_supporter(forms, db):
    data = registration("not-listed", unlisted_organisation="Tiny Parish Council")
    assert forms.submit("/register", data).status_code == 302
    user = db.scalar(select(User))
    assert user.membership_category is MembershipCategory.SUPPORTER
    assert user.unlisted_organisation == "Tiny Parish Council"


def test_registration_errors_are_summarised_and_linked_to_their_fields(forms, db):
    data = registration(
        "not-listed", email="not-an-email", confirm_password="different", council_role="mayor"
    )
    response = forms.submit("/register", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error: Create an account" in html
    assert "There is a problem" in html
    assert 'href="#email"' in html and "correct format" in html
    assert "Enter the name of your organisation" in html
    assert "The passwords do not match" in html
    assert 'href="#council_role-0"' in html
    assert db.scalar(select(User)) is None


def test_a_forged_organisation_is_refused(forms, db):
    response = forms.submit("/register", registration("99999"))
    assert response.status_code == 400
    assert db.scalar(select(User)) is None


def test_registering_twice_with_one_email_is_refused(forms, make_user):
    make_user("grace@example.org")
    response = forms.submit(
        "/register",
        registration("not-listed", email="GRACE@example.org", unlisted_organisation="X"),
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/sign-in", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_sign_in_follows_only_same_site_next_paths(forms, make_user):
    user = make_user()
    response = forms.submit(
        "/sign-in?next=/account", {"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.headers["Location"] == "/account"
    forms.client.post(
        "/sign-out",
        data={"csrf_token": csrf_token_from(forms.client.get("/").get_data(as_text=True))},
    )
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        response = forms.submit(
            f"/sign-in?next={evil}", {"email": user.email, "password": DEFAULT_PASSWORD}
        )
        assert response.headers["Location"] == "/learn/"
        forms.client.post(
            "/sign-out",
            data={"csrf_token": csrf_token_from(forms.client.get("/").get_data(as_text=True))},
        )


def test_a_wrong_password_and_an_unknown_email_get_the_same_page(forms, make_user):
    user = make_user()
    wrong = forms.submit("/sign-in", {"email": user.email, "password": "wrong password"})
    unknown = forms.submit("/sign-in", {"email": "nobody@example.org", "password": "wrong"})
    assert wrong.status_code == unknown.status_code == 400
    assert "Enter a correct email address and password" in wrong.get_data(as_text=True)
    assert "Enter a correct email address and password" in unknown.get_data(as_text=True)


def test_the_eleventh_try_is_locked_with_a_clear_message(forms, make_user):
    user = make_user()
    for _ in range(10):
        forms.submit("/sign-in", {"email": user.email, "password": "wrong password"})
    response = forms.submit("/sign-in", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)


def test_sign_out_needs_a_post_with_a_csrf_token(client, login, make_user):
    login(make_user())
    assert client.get("/sign-out").status_code == 405
    assert client.post("/sign-out").status_code == 400
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302
    assert client.get("/account").status_code == 302


def test_change_password(forms, login, make_user, db):
    user = login(make_user())
    wrong = forms.submit(
        "/account/password",
        {
            "current_password": "nope",
            "password": "brand new password",
            "confirm_password": "brand new password",
        },
    )
    assert wrong.status_code == 400
    ok = forms.submit(
        "/account/password",
        {
            "current_password": DEFAULT_PASSWORD,
            "password": "brand new password",
            "confirm_password": "brand new password",
        },
    )
    assert ok.status_code == 302
    db.refresh(user)
    assert user.check_password("brand new password")


def read_outbox(app) -> list:
    outbox = Path(app.instance_path) / "outbox"
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(outbox.glob("*.eml"))
    ]


def test_a_forgotten_password_is_reset_by_an_emailed_link_that_works_once(
    app, forms, make_user, db
):
    user = make_user("ada@example.org")
    response = forms.submit("/forgot-password", {"email": "ADA@example.org"})
    assert "Check your email" in response.get_data(as_text=True)
    [email] = read_outbox(app)
    assert email["To"] == "ada@example.org"
    link = re.search(r"http://coop\.test(/reset-password/\S+)", email.get_content()).group(1)
    new = {"password": "my new password!", "confirm_password": "my new password!"}
    assert forms.submit(link, new).status_code == 302
    db.refresh(user)
    assert user.check_password("my new password!")
    reused = forms.client.get(link)
    assert reused.status_code == 400
    assert "already been used" in reused.get_data(as_text=True)


def test_asking_to_reset_an_unknown_email_looks_the_same_and_sends_nothing(app, forms):
    response = forms.submit("/forgot-password", {"email": "nobody@example.org"})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert read_outbox(app) == []


def test_a_tampered_reset_link_is_refused(client):
    response = client.get("/reset-password/not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_behind_a_proxy_the_forwarded_address_is_throttled(
    database_url, make_user, tmp_path, request
):
    from app import create_app
    from tests.conftest import FormClient

    app = create_app({"SECRET_KEY": "k", "DATABASE_URL": database_url, "PROXY_COUNT": 1})
    # Its own engine, disposed at the end: a pooled connection left for the garbage collector
    # fails a later test on PostgreSQL (filterwarnings = error).
    request.addfinalizer(app.extensions["database"].kw["bind"].dispose)
    make_user("victim@example.org")
    forms = FormClient(app.test_client())
    attacker = {"environ_base": {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}}
    for attempt in range(10):
        forms.submit(
            "/sign-in", {"email": f"guess{attempt}@example.org", "password": "x"}, **attacker
        )
    locked = forms.submit(
        "/sign-in", {"email": "victim@example.org", "password": DEFAULT_PASSWORD}, **attacker
    )
    assert locked.status_code == 429
    other = forms.submit(
        "/sign-in",
        {"email": "victim@example.org", "password": DEFAULT_PASSWORD},
        environ_base={"HTTP_X_FORWARDED_FOR": "198.51.100.7"},
    )
    assert other.status_code == 302
