"""Error pages for people, and JSON errors with a stable code for the API."""

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.extensions import db

logger = logging.getLogger(__name__)

MESSAGES = {
    400: "The request could not be understood. Check what you sent and try again.",
    403: "You do not have permission to see this page.",
    404: "Page not found. If you typed the web address, check it is correct.",
    405: "This page cannot be used in that way.",
    413: "The file is too large. Choose a file smaller than 2 MB.",
    429: "Too many requests. Wait a few minutes and try again.",
    500: "Sorry, there is a problem with the service. Try again later.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str, code: str):
    if wants_json():
        return jsonify({"code": code, "message": message}), status
    return render_template("error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        return error_response(
            400,
            "This form has expired or was not sent from this site. Go back, reload and try again.",
            "csrf_failed",
        )

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        status = error.code or 500
        # A view that aborts with its own description has written it for the person.
        custom = error.description != type(error).description
        message = error.description if custom else MESSAGES.get(status, error.description)
        return error_response(status, message, (error.name or "error").lower().replace(" ", "_"))

    @app.errorhandler(Exception)
    def handle_unexpected_error(error: Exception):
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return error_response(500, MESSAGES[500], "internal_server_error")
