"""Security that every route shares: headers, and an access decision for every route."""

import pytest
from werkzeug.routing import IntegerConverter, Rule

from app.models import AccountRole
from tests.conftest import csrf_token_from

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def test_every_response_has_security_headers(client):
    for path in ("/", "/sign-in", "/no-such-page", "/healthz"):
        response = client.get(path)
        for name, value in EXPECTED_HEADERS.items():
            assert response.headers[name] == value
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def test_the_session_cookie_is_http_only_and_same_site(forms, make_user):
    user = make_user()
    response = forms.submit("/sign-in", {"email": user.email, "password": "correct horse battery"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def sample_url(rule: Rule) -> str:
    values = {
        name: 1 if isinstance(rule._converters.get(name), IntegerConverter) else "x"
        for name in rule.arguments
    }
    return rule.build(values)[1]


def routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_route_declares_who_may_use_it(app):
    undecided = [
        rule.rule
        for rule in routes(app)
        if not hasattr(app.view_functions[rule.endpoint], "access_level")
    ]
    assert undecided == []


@pytest.mark.parametrize("level", ["learner", "author", "admin"])
def test_visitors_are_sent_to_sign_in_from_every_protected_route(app, client, level):
    for rule in routes(app):
        if app.view_functions[rule.endpoint].access_level != level:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(sample_url(rule), method=method)
        assert response.status_code in (302, 400), rule.rule  # 400: CSRF refused a POST first
        if response.status_code == 302:
            assert "/sign-in" in response.headers["Location"]


def open_with_token(client, rule: Rule):
    """GET the route, or POST to it with a valid CSRF token, as the signed-in client."""
    if "GET" in rule.methods:
        return client.get(sample_url(rule))
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    return client.post(sample_url(rule), data={"csrf_token": token})


@pytest.mark.parametrize(
    ("account_role", "forbidden_levels"),
    [
        (AccountRole.LEARNER, {AccountRole.AUTHOR, AccountRole.ADMIN}),
        (AccountRole.AUTHOR, {AccountRole.ADMIN}),
    ],
)
def test_accounts_get_403_on_every_route_above_their_role(
    app, client, login, make_user, account_role, forbidden_levels
):
    login(make_user(role=account_role))
    checked = 0
    for rule in routes(app):
        if app.view_functions[rule.endpoint].access_level in forbidden_levels:
            assert open_with_token(client, rule).status_code == 403, rule.rule
            checked += 1
    assert checked or not any(
        app.view_functions[rule.endpoint].access_level in forbidden_levels for rule in routes(app)
    )
