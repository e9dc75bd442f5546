"""The home page and the health check."""

from flask import Blueprint, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.access import public
from app.extensions import db

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def home():
    return render_template("home.html")


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "reachable"}, 200
