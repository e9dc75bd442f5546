"""Open Badges at stable public URLs: hosted JSON-LD, signed and baked badges, credentials,
the public badge page, the learner's badges and revocation by administrators."""

import json
import logging
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app import audit
from app.access import login_required, public, role_required
from app.badges import awards, documents, ob3
from app.badges.baking import bake_png, bake_svg
from app.badges.forms import RevokeForm
from app.badges.keys import (
    PrivateKeyMissing,
    current_signing_key,
    jwk_set,
    list_signing_keys,
    load_private_key,
)
from app.badges.signing import sign_jws
from app.badges.store import current_badge_definitions
from app.courses.store import current_catalogue
from app.extensions import db
from app.models import AccountRole, Award, BadgeClassVersion, SigningKey
from app.urls import public_url

bp = Blueprint("badges", __name__, url_prefix="/badges")
logger = logging.getLogger(__name__)
JSON_LD = "application/ld+json"
IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def json_ld(document: dict, status: int = 200) -> Response:
    body = json.dumps(document, indent=2, ensure_ascii=False)
    response = Response(body, status=status, mimetype=JSON_LD)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def json_error(status: int, code: str, message: str) -> Response:
    response = jsonify({"code": code, "message": message})
    response.status_code = status
    return response


def keys_dir() -> Path:
    return Path(current_app.instance_path) / "keys"


def base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"]


def issuer_definition():
    issuer = current_badge_definitions().issuer
    if issuer is None:
        abort(503, "The badge issuer profile is not set up. Run `flask courses check`.")
    return issuer


def signing_material():
    """The current key and its private half, or a 503 saying how to create them."""
    key = current_signing_key(db.session)
    if key is None:
        abort(503, "Badges cannot be signed yet: no signing key. Run `flask badges keygen`.")
    try:
        return key, load_private_key(keys_dir(), key.kid)
    except PrivateKeyMissing:
        logger.error("The private key for %s is missing from %s", key.kid, keys_dir())
        abort(503, "Badges cannot be signed: the signing key is missing from the server.")


def award_or_404(public_id: str) -> Award:
    award = awards.find_award(db.session, public_id)
    if award is None:
        abort(404)
    return award


def signed_jws(award: Award) -> str:
    key, private_key = signing_material()
    reflection = awards.shared_reflection(db.session, award)
    document = documents.assertion_document(award, public_url, reflection, signing_key=key)
    return sign_jws(document, private_key, key.kid)


@bp.route("/issuer")
@public
def issuer():
    keys = list_signing_keys(db.session)
    return json_ld(documents.issuer_document(issuer_definition(), keys, public_url, base_url()))


@bp.route("/issuer/image.png")
@public
def issuer_image():
    issuer = issuer_definition()
    path = Path(current_app.config["BADGES_PATH"]) / issuer.image
    response = Response(path.with_suffix(".png").read_bytes(), mimetype="image/png")
    response.cache_control.max_age = 3600
    return response


@bp.route("/keys/<kid>")
@public
def key(kid: str):
    found = db.session.query(SigningKey).filter_by(kid=kid).one_or_none()
    if found is None:
        return json_error(404, "key_not_found", f"There is no signing key {kid}.")
    return json_ld(documents.key_document(found, public_url))


@bp.route("/jwks.json")
@public
def jwks():
    response = jsonify(jwk_set(db.session))
    response.mimetype = "application/jwk-set+json"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/revocations")
@public
def revocations():
    revoked = awards.list_revoked_awards(db.session)
    return json_ld(documents.revocation_list_document(revoked, public_url))


@bp.route("/status-list")
@public
def status_list():
    revoked = awards.list_revoked_awards(db.session)
    response = jsonify(ob3.status_list_credential(revoked, public_url, g.now))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/classes/<int:version_id>")
@public
def badge_class(version_id: int):
    version = db.session.get(BadgeClassVersion, version_id)
    if version is None:
        return json_error(404, "badge_class_not_found", f"There is no badge class {version_id}.")
    return json_ld(documents.badge_class_document(version, public_url))


@bp.route("/classes/<int:version_id>/image.<any(png, svg):extension>")
@public
def badge_class_image(version_id: int, extension: str):
    version = db.session.get(BadgeClassVersion, version_id)
    if version is None:
        abort(404)
    body = version.image_png if extension == "png" else version.image_svg
    response = Response(body, mimetype=IMAGE_TYPES[extension])
    response.cache_control.max_age = 86400
    return response


@bp.route("/principles")
@public
def principles():
    return render_template("badges/principles.html", principles=current_catalogue().principles)


@bp.route("/assertions/<public_id>")
@public
def assertion(public_id: str):
    award = awards.find_award(db.session, public_id)
    if award is None:
        return json_error(404, "assertion_not_found", f"There is no badge assertion {public_id}.")
    reflection = awards.shared_reflection(db.session, award)
    return json_ld(documents.assertion_document(award, public_url, reflection))


@bp.route("/assertions/<public_id>/signed.jws")
@public
def signed_assertion(public_id: str):
    award = awards.find_award(db.session, public_id)
    if award is None:
        return json_error(404, "assertion_not_found", f"There is no badge assertion {public_id}.")
    return Response(signed_jws(award), mimetype="application/jose")


@bp.route("/assertions/<public_id>/credential.jwt")
@public
def credential(public_id: str):
    award = awards.find_award(db.session, public_id)
    if award is None:
        return json_error(404, "assertion_not_found", f"There is no badge assertion {public_id}.")
    key, private_key = signing_material()
    token = ob3.sign_credential(
        award,
        issuer_definition(),
        public_url,
        base_url(),
        awards.shared_reflection(db.session, award),
        private_key,
        key,
    )
    return Response(token, mimetype="application/vc+jwt")


# Public, like the assertion itself: a baked image carries nothing its hosted assertion does not.
@bp.route("/assertions/<public_id>/badge.<any(png, svg):extension>")
@public
def baked(public_id: str, extension: str):
    award = award_or_404(public_id)
    variant = request.args.get("verify", "signed")
    if variant not in {"signed", "hosted"}:
        abort(400, "Choose verify=signed or verify=hosted.")
    payload = (
        signed_jws(award)
        if variant == "signed"
        else public_url("badges.assertion", public_id=award.public_id)
    )
    version = award.badge_class
    if extension == "png":
        body: bytes | str = bake_png(version.image_png, payload)
    else:
        body = bake_svg(version.image_svg, payload)
    name = f"{award.badge_slug}-{variant}.{extension}"
    return Response(
        body,
        mimetype=IMAGE_TYPES[extension],
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.route("/awards/<public_id>")
@public
def award_page(public_id: str):
    award = award_or_404(public_id)
    page_url = public_url("badges.award_page", public_id=award.public_id)
    issuer = issuer_definition()
    reflection = awards.shared_reflection(db.session, award)
    return render_template(
        "badges/award.html",
        award=award,
        definition=award.badge_class.definition,
        status=awards.award_status(award, g.now),
        issuer=issuer,
        evidence=documents.evidence_narrative(award, reflection),
        is_owner=current_user.is_authenticated and current_user.id == award.user_id,
        linkedin_url=documents.linkedin_add_url(award, issuer.name, page_url),
    )


@bp.route("/mine")
@login_required
def mine():
    return render_template(
        "badges/mine.html", awards=awards.list_awards(db.session, current_user), now=g.now
    )


@bp.route("/awards/<public_id>/revoke", methods=["GET", "POST"])
@role_required(AccountRole.ADMIN)
def revoke(public_id: str):
    award = award_or_404(public_id)
    form = RevokeForm()
    if award.revoked_at is not None:
        flash("This badge has already been revoked.", "error")
        return redirect(url_for("badges.award_page", public_id=award.public_id))
    if form.validate_on_submit():
        try:
            awards.revoke_award(award, form.reason.data or "", current_user, g.now)
        except awards.AwardError as error:
            form.reason.errors = [str(error)]
        else:
            audit.record(
                db.session,
                current_user,
                "award.revoke",
                award,
                label=f"{award.badge_slug} awarded to {award.user.email}",
                before={"revoked": False},
                after={"revoked": True, "reason": award.revocation_reason},
                now=g.now,
            )
            db.session.commit()
            flash("The badge has been revoked.", "success")
            return redirect(url_for("badges.award_page", public_id=award.public_id))
    return render_template(
        "badges/revoke.html", award=award, form=form
    ), 400 if form.errors else 200
