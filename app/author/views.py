"""Authors' pages: the content report, with every problem in the course files."""

from flask import Blueprint, render_template

from app.access import role_required
from app.courses.store import current_catalogue
from app.models import AccountRole

bp = Blueprint("author", __name__, url_prefix="/author")


@bp.route("/")
@role_required(AccountRole.AUTHOR)
def content_report():
    catalogue = current_catalogue()
    return render_template("author/content_report.html", catalogue=catalogue)
