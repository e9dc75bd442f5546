"""POST /api/verify and its OpenAPI description: JSON in and out, errors with a stable code."""

import base64
import io
import json
import struct
import zlib

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from app.badges import awards
from tests.verify.test_views import multipart

EMAIL = "ada@example.org"


def _bomb() -> bytes:
    """A PNG whose Open Badges text inflates from 64 KB to 64 MB."""
    body = b"openbadges\x00\x01\x00\x00\x00" + zlib.compress(b"0" * (64 << 20), 9)
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body
    ihdr = b"\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + ihdr
        + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(b"iTXt" + body))
        + struct.pack(">I", 0)
        + b"IEND"
        + struct.pack(">I", zlib.crc32(b"IEND"))
    )


BOMB = _bomb()


@pytest.fixture
def award(issue):
    return issue(EMAIL, name="Ada Lovelace")


@pytest.fixture
def openapi(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
    return schema


TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "integer": int,
    "null": type(None),
}


def conforms(value, schema: dict, document: dict) -> bool:
    """A small JSON Schema check: the keywords the description uses, no more."""
    schema = resolve(schema, document)
    if "oneOf" in schema:
        return sum(conforms(value, option, document) for option in schema["oneOf"]) == 1
    kinds = schema.get("type")
    if kinds is not None:
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not any(isinstance(value, TYPES[kind]) for kind in kinds):
            return False
        if isinstance(value, bool) and "boolean" not in kinds:
            return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, dict):
        if any(name not in value for name in schema.get("required", [])):
            return False
        for name, child in schema.get("properties", {}).items():
            if name in value and not conforms(value[name], child, document):
                return False
    if isinstance(value, list) and "items" in schema:
        return all(conforms(item, schema["items"], document) for item in value)
    return True


def assert_documented(response, openapi, path="/api/verify", method="post"):
    operation = openapi["paths"][path][method]
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{response.status_code} is not documented"
    schema = documented["content"]["application/json"]["schema"]
    assert response.mimetype == "application/json"
    assert conforms(response.get_json(), schema, openapi), response.get_json()


def test_every_documented_path_and_method_exists(app, openapi):
    adapter = app.url_map.bind("coop.test")
    for path, operations in openapi["paths"].items():
        for method in operations:
            try:
                adapter.match(path, method=method.upper())
            except (NotFound, MethodNotAllowed, RequestRedirect) as error:
                pytest.fail(f"{method.upper()} {path} is documented but not served: {error}")
    assert openapi["openapi"] == "3.1.0"
    assert openapi["servers"] == [{"url": "http://coop.test"}]


def test_every_api_route_is_documented(app, openapi):
    served = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert served == set(openapi["paths"])


def test_a_genuine_jws_as_json(client, award, download, openapi):
    jws = download(award, "signed.jws").decode()
    response = client.post("/api/verify", json={"input": jws, "email": EMAIL})
    assert response.status_code == 200
    assert_documented(response, openapi)
    report = response.get_json()
    assert report["status"] == "genuine" and report["genuine"] is True
    assert report["badge"]["earner"] == "Ada Lovelace"
    assert all(check["passed"] for check in report["checks"])
    assert EMAIL not in response.get_data(as_text=True)


def test_a_baked_image_as_base64_json_and_as_multipart(client, award, download, openapi):
    png = download(award, "badge.png")
    as_json = client.post(
        "/api/verify", json={"image": base64.encodebytes(png).decode(), "email": EMAIL}
    )
    as_form = client.post(
        "/api/verify",
        data={"file": (io.BytesIO(png), "badge.png"), "email": EMAIL},
        content_type="multipart/form-data",
    )
    for response in (as_json, as_form):
        assert response.status_code == 200
        assert_documented(response, openapi)
        assert response.get_json()["status"] == "genuine"
        assert response.get_json()["inputKind"] == "png-signed"


def test_not_genuine_answers_are_reports(db, client, award, download, openapi, now):
    jws = download(award, "signed.jws").decode()
    awards.revoke_award(award, "Issued in error", None, now)
    db.commit()
    response = client.post("/api/verify", json={"input": jws})
    assert response.status_code == 200
    assert_documented(response, openapi)
    report = response.get_json()
    assert (report["status"], report["reason"], report["genuine"]) == ("revoked", "revoked", False)
    foreign = client.post("/api/verify", json={"input": "https://badges.example.org/a/1"})
    assert foreign.get_json()["status"] == "not_ours"
    assert foreign.get_json()["badge"] is None
    assert_documented(foreign, openapi)


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": "{not json", "content_type": "application/json"}, 400, "malformed_json"),
        ({"json": ["a list"]}, 400, "malformed_json"),
        ({"json": {}}, 400, "no_input"),
        ({"json": {"input": "x", "image": "eA=="}}, 400, "several_inputs"),
        ({"json": {"input": 5}}, 400, "invalid_field"),
        ({"json": {"image": "not base64!"}}, 400, "invalid_image"),
        ({"json": {"input": "abc", "email": "nobody"}}, 400, "invalid_email"),
        ({"json": {"input": "{broken"}}, 400, "unreadable_input"),
        ({"json": {"image": base64.b64encode(b"GIF89a").decode()}}, 400, "unreadable_input"),
        (
            {"json": {"image": base64.b64encode(b"\x89PNG\r\n\x1a\n\x00").decode()}},
            400,
            "unreadable_input",
        ),
        (
            {
                "json": {
                    "image": base64.b64encode(
                        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "http://evil.example/">]><svg/>'
                    ).decode()
                }
            },
            400,
            "unreadable_input",
        ),
        ({"json": {"image": base64.b64encode(BOMB).decode()}}, 400, "unreadable_input"),
        ({"data": "input=abc", "content_type": "text/plain"}, 415, "unsupported_media_type"),
    ],
)
def test_bad_requests_get_a_stable_code_and_a_clear_message(client, openapi, kwargs, status, code):
    response = client.post("/api/verify", **kwargs)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["code"] == code
    assert response.get_json()["message"]
    assert_documented(response, openapi)


def test_an_unsafe_svg_says_why(client):
    svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
    response = client.post("/api/verify", json={"image": base64.b64encode(svg).decode()})
    assert response.get_json() == {
        "code": "unreadable_input",
        "message": "This cannot be checked: the SVG contains a script.",
        "reason": "unsafe",
    }


def test_a_body_over_2_mb_is_a_json_413(client, openapi):
    body = multipart({"file": ("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (2 << 20))})
    response = client.post(
        "/api/verify", data=body, content_type="multipart/form-data; boundary=b0undary"
    )
    assert response.status_code == 413
    assert (
        response.get_json()["message"] == "The file is too large. Choose a file smaller than 2 MB."
    )
    assert_documented(response, openapi)


def test_the_api_is_rate_limited_per_address(app, client, openapi):
    app.config["VERIFY_RATE_LIMIT"] = 3
    for _ in range(3):
        response = client.post("/api/verify", json={"input": "https://badges.example.org/a"})
        assert response.status_code == 200
    response = client.post("/api/verify", json={"input": "https://badges.example.org/a"})
    assert response.status_code == 429
    assert response.get_json()["code"] == "too_many_requests"
    assert "Wait 5 minutes" in response.get_json()["message"]
    assert int(response.headers["Retry-After"]) == 300
    assert_documented(response, openapi)
    other = client.post(
        "/api/verify",
        json={"input": "https://badges.example.org/a"},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert other.status_code == 200


def test_the_api_needs_no_csrf_token_and_ignores_the_session(
    client, login, make_user, award, download
):
    jws = download(award, "signed.jws").decode()
    anonymous = client.post("/api/verify", json={"input": jws})
    login(make_user())
    signed_in = client.post("/api/verify", json={"input": jws})
    assert signed_in.status_code == anonymous.status_code == 200
    assert signed_in.get_json() == anonymous.get_json()
    assert "Set-Cookie" not in signed_in.headers


def test_other_methods_get_json_errors(client):
    response = client.get("/api/verify")
    assert response.status_code == 405
    assert response.get_json()["code"] == "method_not_allowed"
    assert json.loads(client.get("/api/openapi.json").data)["info"]["title"]
