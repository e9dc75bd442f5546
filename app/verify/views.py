"""/verify: check a badge by its image, JWS, web address or VC-JWT; no account needed."""

import logging
from datetime import timedelta

from flask import Blueprint, Response, current_app, g, render_template, request

from app.access import public
from app.badges.keys import public_keys_by_kid
from app.badges.store import current_badge_definitions
from app.badges.verify import VerificationReport, VerificationStatus, verify
from app.errors import error_response
from app.extensions import db
from app.throttle import count_recent_events, record_event
from app.urls import public_url
from app.verify.forms import VerifyForm

bp = Blueprint("verify", __name__, url_prefix="/verify")
logger = logging.getLogger(__name__)
THROTTLE_SCOPE = "verify"
DEFAULT_ISSUER_NAME = "Co-op Learning"


def check_badge(data: bytes | str, email: str | None) -> VerificationReport:
    """Verify with this deployment's keys, URLs and issuer name; shared by the page and the API."""
    issuer = current_badge_definitions().issuer
    report = verify(
        db.session,
        data,
        email,
        g.now,
        keys=public_keys_by_kid(db.session),
        url=public_url,
        issuer_name=issuer.name if issuer is not None else DEFAULT_ISSUER_NAME,
    )
    # The outcome only: never the email address, nor the badge's contents.
    logger.info("Badge check of %s: %s (%s)", report.input_kind, report.status, report.reason)
    return report


def throttled() -> Response | None:
    """Count this check against the caller's address; a 429 response once over the limit."""
    limit = current_app.config["VERIFY_RATE_LIMIT"]
    window = timedelta(seconds=current_app.config["VERIFY_RATE_WINDOW_SECONDS"])
    address = request.remote_addr or "unknown"
    if count_recent_events(db.session, THROTTLE_SCOPE, address, window, g.now) >= limit:
        logger.warning("Verification rate limit reached for %s", address)
        minutes = max(1, round(window.total_seconds() / 60))
        response, status = error_response(
            429,
            f"You have checked {limit} badges in a short time, the most allowed. "
            f"Wait {minutes} minute{'s' if minutes != 1 else ''} and try again.",
            "too_many_requests",
        )
        response = current_app.make_response((response, status))
        response.headers["Retry-After"] = str(int(window.total_seconds()))
        return response
    record_event(db.session, THROTTLE_SCOPE, address, g.now)
    db.session.commit()
    return None


@bp.route("", methods=["GET", "POST"])
@public
def index():
    form = VerifyForm()
    if request.method == "POST":
        limited = throttled()
        if limited is not None:
            return limited
    if form.validate_on_submit():
        upload = form.uploaded_file()
        data = upload.read() if upload is not None else form.badge_text.data
        if upload is not None and not data:
            form.badge_file.errors = ["The selected file is empty"]
        else:
            report = check_badge(data, form.email.data)
            if report.status is not VerificationStatus.UNREADABLE:
                return render_template("verify/result.html", report=report)
            field = form.badge_file if upload is not None else form.badge_text
            field.errors = [_unreadable_message(report, is_file=upload is not None)]
    status = 400 if form.errors else 200
    return render_template("verify/index.html", form=form), status


def _unreadable_message(report: VerificationReport, is_file: bool) -> str:
    what = "The selected file" if is_file else "The pasted text"
    return f"{what} cannot be checked: {report.problem}"
