"""/api: badge verification for other systems (JSON in and out) and its OpenAPI description.

The API takes no cookies: it is exempt from CSRF and never reads the session or the signed-in
user, so a request's answer depends only on what it sends.
"""

import base64
import binascii

from flask import Blueprint, current_app, jsonify, request

from app.access import public
from app.api.openapi import openapi_document
from app.badges.verify import VerificationStatus
from app.extensions import csrf
from app.verify.views import check_badge, throttled

bp = Blueprint("api", __name__, url_prefix="/api")
MAX_EMAIL_LENGTH = 254


class RequestProblem(Exception):
    """A request the API cannot use; `code` is stable, `message` is for people."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def json_error(status: int, code: str, message: str, **extra):
    response = jsonify({"code": code, "message": message, **extra})
    response.status_code = status
    return response


@bp.post("/verify")
@public
@csrf.exempt
def verify_badge():
    limited = throttled()
    if limited is not None:
        return limited
    try:
        data, email = _read_request()
    except RequestProblem as problem:
        return json_error(problem.status, problem.code, problem.message)
    report = check_badge(data, email)
    if report.status is VerificationStatus.UNREADABLE:
        return json_error(400, "unreadable_input", report.summary, reason=report.reason)
    return jsonify(report.as_dict())


@bp.get("/openapi.json")
@public
def openapi():
    response = jsonify(openapi_document(current_app.config["PUBLIC_BASE_URL"]))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _read_request() -> tuple[bytes | str, str | None]:
    """The badge (image bytes or text) and the expected email, from JSON or a multipart form."""
    if request.mimetype == "application/json":
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise RequestProblem(
                400,
                "malformed_json",
                'The request body must be a JSON object, like {"input": "...", "email": "..."}.',
            )
        text, image, email = body.get("input"), body.get("image"), body.get("email")
        for name, value in (("input", text), ("image", image), ("email", email)):
            if value is not None and not isinstance(value, str):
                raise RequestProblem(400, "invalid_field", f"The field {name} must be a string.")
        if image is not None:
            try:
                # Line breaks, as `base64` wraps its output, are allowed; anything else is not.
                image = base64.b64decode("".join(image.split()), validate=True)
            except (binascii.Error, ValueError):
                raise RequestProblem(
                    400, "invalid_image", "The field image must be the image encoded in base64."
                ) from None
    elif request.mimetype in {"multipart/form-data", "application/x-www-form-urlencoded"}:
        upload = request.files.get("file")
        image = upload.read() if upload is not None and upload.filename else None
        text, email = request.form.get("input"), request.form.get("email")
    else:
        raise RequestProblem(
            415,
            "unsupported_media_type",
            "Send the badge as multipart/form-data (a file field, or an input field) "
            "or as application/json.",
        )
    text = text if text and text.strip() else None
    if image is None and text is None:
        raise RequestProblem(
            400, "no_input", "Send a badge image (file or image) or a badge as text (input)."
        )
    if image is not None and text is not None:
        raise RequestProblem(
            400, "several_inputs", "Send either a badge image or a badge as text, not both."
        )
    if image is not None and not image:
        raise RequestProblem(400, "empty_file", "The badge image is empty.")
    email = (email or "").strip() or None
    if email is not None and (len(email) > MAX_EMAIL_LENGTH or "@" not in email):
        raise RequestProblem(
            400, "invalid_email", "The email must be an email address, like name@example.com."
        )
    return (image if image is not None else text), email
