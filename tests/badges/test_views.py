"""The badge routes: hosted JSON-LD, signed and baked badges, credentials, pages, revocation."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from app.badges.baking import unbake
from app.badges.keys import public_keys_by_kid
from app.badges.ob3 import decode_status_list, is_bit_set
from app.badges.signing import verify_jws, verify_vc_jwt
from app.models import AccountRole

BASE = "http://coop.test"


@pytest.fixture
def award(make_user, complete, issuer_key):
    return complete(make_user("learner@example.org"), "co-production")[-1]


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response


def test_issuer_profile_lists_keys_and_revocations(client, issuer_key):
    response = get_json(client, "/badges/issuer")
    assert response.mimetype == "application/ld+json"
    issuer = response.json
    assert issuer["@context"] == "https://w3id.org/openbadges/v2"
    assert issuer["id"] == f"{BASE}/badges/issuer"
    assert issuer["publicKey"] == [f"{BASE}/badges/keys/{issuer_key.kid}"]
    assert issuer["revocationList"] == f"{BASE}/badges/revocations"
    key = get_json(client, f"/badges/keys/{issuer_key.kid}").json
    assert key["owner"] == issuer["id"] and "PUBLIC KEY" in key["publicKeyPem"]
    assert "PRIVATE" not in json.dumps(key)
    assert client.get("/badges/issuer/image.png").mimetype == "image/png"


def test_hosted_assertion_and_badge_class(client, award):
    document = get_json(client, f"/badges/assertions/{award.public_id}").json
    assert document["id"] == f"{BASE}/badges/assertions/{award.public_id}"
    assert document["verification"] == {"type": "HostedBadge"}
    assert document["recipient"]["identity"] == award.recipient_identity
    assert "learner@example.org" not in json.dumps(document)
    assert "content version" in document["evidence"][0]["narrative"]
    assert "expires" in document
    badge_class = get_json(client, document["badge"].removeprefix(BASE)).json
    assert badge_class["type"] == "BadgeClass"
    assert badge_class["issuer"] == f"{BASE}/badges/issuer"
    assert badge_class["criteria"]["id"] == f"{BASE}/learn/courses/co-production"
    assert badge_class["alignment"][0]["targetUrl"].startswith(f"{BASE}/badges/principles#")
    image = client.get(badge_class["image"].removeprefix(BASE))
    assert image.mimetype == "image/png"


def test_unknown_ids_give_404_json_or_html(client, issuer_key):
    for url in (
        "/badges/assertions/nope",
        "/badges/assertions/nope/signed.jws",
        "/badges/assertions/nope/credential.jwt",
        "/badges/classes/999",
        "/badges/keys/key-2020-01-01-abcdef",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json["message"]
    page = client.get("/badges/awards/nope")
    assert page.status_code == 404 and "Page not found" in page.get_data(as_text=True)
    assert client.get("/badges/assertions/nope/badge.png").status_code == 404
    assert client.get("/badges/classes/999/image.svg").status_code == 404


def test_signed_assertion_verifies_with_the_published_key(app, db, client, award, issuer_key):
    token = client.get(f"/badges/assertions/{award.public_id}/signed.jws").get_data(as_text=True)
    header, payload = verify_jws(token, public_keys_by_kid(db))
    assert header["kid"] == issuer_key.kid
    assert payload["verification"] == {
        "type": "SignedBadge",
        "creator": f"{BASE}/badges/keys/{issuer_key.kid}",
    }


@pytest.mark.parametrize("extension", ["png", "svg"])
def test_baked_images_carry_the_jws_or_the_hosted_url(client, award, extension):
    signed = client.get(f"/badges/assertions/{award.public_id}/badge.{extension}")
    assert signed.status_code == 200
    assert unbake(signed.data).count(".") == 2
    hosted = client.get(f"/badges/assertions/{award.public_id}/badge.{extension}?verify=hosted")
    assert unbake(hosted.data) == f"{BASE}/badges/assertions/{award.public_id}"
    bad = client.get(f"/badges/assertions/{award.public_id}/badge.{extension}?verify=x")
    assert bad.status_code == 400


def test_signing_without_a_key_is_a_clear_503(client, make_user, complete):
    award = complete(make_user())[-1]
    response = client.get(f"/badges/assertions/{award.public_id}/signed.jws")
    assert response.status_code == 503
    assert "flask badges keygen" in response.get_data(as_text=True)


def test_open_badges_3_credential_and_status_list(app, db, client, award, now):
    token = client.get(f"/badges/assertions/{award.public_id}/credential.jwt")
    assert token.mimetype == "application/vc+jwt"
    _, claims = verify_vc_jwt(token.get_data(as_text=True), public_keys_by_kid(db), now)
    credential = claims["vc"]
    assert "OpenBadgeCredential" in credential["type"]
    status = credential["credentialStatus"]
    assert status["statusListCredential"] == f"{BASE}/badges/status-list"
    jwks = client.get("/badges/jwks.json").json
    assert [key["kid"] for key in jwks["keys"]] == [claims and key["kid"] for key in jwks["keys"]]
    bits = decode_status_list(
        client.get("/badges/status-list").json["credentialSubject"]["encodedList"]
    )
    assert not is_bit_set(bits, int(status["statusListIndex"]))


def test_public_page_shows_status_evidence_and_linkedin(client, award, login):
    page = client.get(f"/badges/awards/{award.public_id}").get_data(as_text=True)
    assert "Valid" in page and award.badge_class.name in page
    assert "Add to LinkedIn" not in page  # only the earner sees downloads and sharing
    login(award.user)
    page = client.get(f"/badges/awards/{award.public_id}").get_data(as_text=True)
    start = page.index("https://www.linkedin.com/profile/add?")
    link = page[start : page.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["certUrl"] == [f"{BASE}/badges/awards/{award.public_id}"]
    assert query["certId"] == [award.public_id]
    assert query["issueYear"] == [str(award.issued_at.year)]
    mine = client.get("/badges/mine").get_data(as_text=True)
    assert award.badge_class.name in mine


def test_revoke_is_for_administrators_only(client, award, login, make_user):
    url = f"/badges/awards/{award.public_id}/revoke"
    assert client.get(url).status_code == 302  # visitors sign in first
    login(make_user())
    assert client.get(url).status_code == 403


def test_revoke_needs_a_reason_then_shows_everywhere(db, client, forms, award, login, make_user):
    login(make_user(role=AccountRole.ADMIN))
    url = f"/badges/awards/{award.public_id}/revoke"
    response = forms.submit(url, {"reason": "  "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Enter the reason for revoking this badge" in html
    response = forms.submit(url, {"reason": "Issued in error"})
    assert response.status_code == 302
    hosted = client.get(f"/badges/assertions/{award.public_id}").json
    assert hosted["revoked"] is True and hosted["revocationReason"] == "Issued in error"
    revoked = client.get("/badges/revocations").json["revokedAssertions"]
    assert revoked == [{"id": hosted["id"], "revocationReason": "Issued in error"}]
    page = client.get(f"/badges/awards/{award.public_id}").get_data(as_text=True)
    assert "Revoked" in page and "Issued in error" in page
    bits = decode_status_list(
        client.get("/badges/status-list").json["credentialSubject"]["encodedList"]
    )
    assert is_bit_set(bits, award.id)
    assert client.get(url).status_code == 302  # already revoked
    from sqlalchemy import select

    from app.models import AuditEntry

    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "award.revoke"))
    assert entry.after == {"revoked": True, "reason": "Issued in error"}
    assert entry.target_id == award.id


def test_the_learn_journey_awards_badges_in_the_same_request(
    db, client, forms, make_user, login, catalogue
):
    from sqlalchemy import select

    from app.models import Award

    user = login(make_user())
    course = catalogue.course("induction-welcome")
    module = course.visible_modules()[0]
    for section in module.sections:
        client.get(f"/learn/courses/{course.slug}/{module.slug}/{section.number}")
    answers = {q.field_name: sorted(q.answers) for q in module.quiz.questions}
    response = forms.submit(f"/learn/courses/{course.slug}/{module.slug}/check", answers)
    assert response.status_code == 200
    assert "You have earned the badge" in response.get_data(as_text=True)
    awarded = db.scalars(select(Award).where(Award.user_id == user.id)).all()
    assert [a.badge_slug for a in awarded] == [f"induction-welcome--{module.slug}"]


def test_changing_email_reissues_badges_to_the_new_address(db, client, forms, award, login):
    from sqlalchemy import select

    from app.badges.awards import is_recipient
    from app.models import Award

    login(award.user)
    old_email = award.user.email
    wrong = forms.submit("/account/email", {"email": "new@example.org", "password": "nope"})
    assert wrong.status_code == 400
    assert "Your password is not correct" in wrong.get_data(as_text=True)
    response = forms.submit(
        "/account/email", {"email": "New@Example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    # The four module badges and the course badge.
    assert "5 badges reissued" in client.get("/account").get_data(as_text=True)
    db.expire_all()
    old = db.get(Award, award.id)
    new = db.scalar(select(Award).where(Award.reissued_from_id == award.id))
    assert old.revoked_at is not None and old.revocation_reason == "reissued"
    assert is_recipient(new, "new@example.org") and not is_recipient(new, old_email)
    assert is_recipient(old, old_email)


def test_the_badge_page_renders_its_criteria_as_safe_html(client, award):
    html = client.get(f"/badges/awards/{award.public_id}").get_data(as_text=True)
    assert "<li>worked through all 4 modules" in html
    assert "- worked through" not in html
