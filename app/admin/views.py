"""The admin area: organisations, Supporters, roles, the audit log and the network's reports."""

from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select

from app import administration, audit, charts, reports
from app.access import role_required
from app.admin.forms import (
    MEMBERSHIP_HINTS,
    AccountSearchForm,
    AuditFilterForm,
    ConfirmForm,
    OrganisationForm,
    PlaceSupporterForm,
    ReportFilterForm,
)
from app.administration import AdministrationError
from app.courses.model import Course
from app.courses.store import current_catalogue
from app.extensions import db
from app.models import AccountRole, CouncilRole, Engagement, Organisation, User
from app.reports import GROUPS_BY_KEY, Grouping, ReportFilters, ReportTable
from app.tabular import to_csv

bp = Blueprint("admin", __name__, url_prefix="/admin")
admin_only = role_required(AccountRole.ADMIN)


def csv_response(filename: str, body) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


def get_or_404(model, object_id: int):
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


@bp.route("/")
@admin_only
def index():
    return render_template("admin/index.html")


# -- Organisations ------------------------------------------------------------------------------


def membership_of(form: OrganisationForm):
    group = GROUPS_BY_KEY[form.membership.data]
    return group.category, group.associate_kind


@bp.route("/organisations")
@admin_only
def organisations():
    rows = administration.list_organisations(db.session)
    return render_template("admin/organisations.html", rows=rows)


@bp.route("/organisations/new", methods=["GET", "POST"])
@admin_only
def add_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        category, kind = membership_of(form)
        try:
            organisation = administration.add_organisation(
                db.session,
                current_user,
                name=form.name.data,
                category=category,
                associate_kind=kind,
                now=g.now,
            )
        except AdministrationError as error:
            form.name.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"{organisation.name} has been added.", "success")
            return redirect(url_for("admin.organisations"))
    return render_template(
        "admin/organisation_form.html", form=form, organisation=None, hints=MEMBERSHIP_HINTS
    ), 400 if form.errors else 200


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@admin_only
def edit_organisation(organisation_id: int):
    organisation = get_or_404(Organisation, organisation_id)
    form = OrganisationForm()
    if request.method == "GET":
        form.name.data = organisation.name
        form.membership.data = reports.Group(
            organisation.category, organisation.associate_kind, ""
        ).key
    if form.validate_on_submit():
        category, kind = membership_of(form)
        try:
            changed = administration.update_organisation(
                db.session,
                current_user,
                organisation,
                name=form.name.data,
                category=category,
                associate_kind=kind,
                now=g.now,
            )
        except AdministrationError as error:
            db.session.rollback()
            form.name.errors = [str(error)]
        else:
            db.session.commit()
            message = "has been updated" if changed else "was not changed"
            flash(f"{organisation.name} {message}.", "success")
            return redirect(url_for("admin.organisations"))
    return render_template(
        "admin/organisation_form.html",
        form=form,
        organisation=organisation,
        hints=MEMBERSHIP_HINTS,
    ), 400 if form.errors else 200


@bp.route("/organisations/<int:organisation_id>/<change>", methods=["GET", "POST"])
@admin_only
def change_organisation_status(organisation_id: int, change: str):
    if change not in ("deactivate", "reactivate"):
        abort(404)
    organisation = get_or_404(Organisation, organisation_id)
    form = ConfirmForm()
    is_active = change == "reactivate"
    if organisation.is_active == is_active:
        flash(f"{organisation.name} is already {'active' if is_active else 'deactivated'}.", "info")
        return redirect(url_for("admin.organisations"))
    if form.validate_on_submit():
        administration.set_organisation_active(
            db.session, current_user, organisation, is_active, g.now
        )
        db.session.commit()
        flash(f"{organisation.name} has been {change}d.", "success")
        return redirect(url_for("admin.organisations"))
    learners = db.session.scalar(
        select(func.count(User.id)).where(User.organisation_id == organisation.id)
    )
    return render_template(
        "admin/confirm_organisation.html",
        form=form,
        organisation=organisation,
        change=change,
        learners=learners,
    ), 400 if form.errors else 200


# -- Supporters ---------------------------------------------------------------------------------


@bp.route("/supporters")
@admin_only
def supporters():
    return render_template(
        "admin/supporters.html", learners=administration.list_supporters(db.session)
    )


@bp.route("/supporters/<int:user_id>/place", methods=["GET", "POST"])
@admin_only
def place_supporter(user_id: int):
    learner = get_or_404(User, user_id)
    if learner.organisation_id is not None:
        flash(f"{learner.name} already belongs to {learner.organisation_name}.", "info")
        return redirect(url_for("admin.supporters"))
    form = PlaceSupporterForm()
    active = db.session.scalars(
        select(Organisation).where(Organisation.is_active).order_by(Organisation.name)
    ).all()
    form.organisation.choices = [("", "Choose an organisation")] + [
        (str(organisation.id), organisation.name) for organisation in active
    ]
    if form.validate_on_submit():
        organisation = get_or_404(Organisation, int(form.organisation.data))
        try:
            administration.place_supporter(db.session, current_user, learner, organisation, g.now)
        except AdministrationError as error:
            form.organisation.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"{learner.name} has been placed in {organisation.name}.", "success")
            return redirect(url_for("admin.supporters"))
    return render_template(
        "admin/place_supporter.html", form=form, learner=learner
    ), 400 if form.errors else 200


# -- Accounts and roles -------------------------------------------------------------------------


@bp.route("/accounts")
@admin_only
def accounts():
    form = AccountSearchForm(request.args)
    if not form.validate():
        return render_template("admin/accounts.html", form=form, users=[]), 400
    users = administration.search_accounts(db.session, form.q.data or "")
    return render_template("admin/accounts.html", form=form, users=users)


@bp.route("/accounts/<int:user_id>/<change>/<role>", methods=["GET", "POST"])
@admin_only
def change_role(user_id: int, change: str, role: str):
    if change not in ("grant", "remove") or role not in ("author", "admin"):
        abort(404)
    user = get_or_404(User, user_id)
    account_role = AccountRole(role)
    form = ConfirmForm()
    problem = None
    if form.validate_on_submit():
        try:
            administration.change_role(
                db.session, current_user, user, account_role, change == "grant", g.now
            )
        except AdministrationError as error:
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            done = "now has" if change == "grant" else "no longer has"
            flash(f"{user.name} {done} the {role} role.", "success")
            return redirect(url_for("admin.accounts", q=user.email))
    return render_template(
        "admin/confirm_role.html",
        form=form,
        user=user,
        change=change,
        role=role,
        problem=problem,
    ), 400 if (form.errors or problem) else 200


# -- The audit log ------------------------------------------------------------------------------


def audit_filters(form: AuditFilterForm) -> audit.AuditFilters:
    return audit.AuditFilters(
        action=form.action.data or None,
        actor_email=form.actor.data or None,
        start=form.start.data,
        end=form.end.data,
    )


def audit_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.action.choices = [("", "All")] + [(a, a) for a in audit.list_actions(db.session)]
    return form


def parse_page(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) <= 100_000 else None


@bp.route("/audit")
@admin_only
def audit_log():
    form = audit_form()
    page_number = parse_page(request.args.get("page", "1"))
    is_valid = form.check()
    if page_number is None:
        form.form_errors.append("The page number must be a whole number from 1 to 100000")
    if not is_valid or page_number is None:
        return render_template(
            "admin/audit.html", form=form, entries=[], total=0, page=1, pages=0
        ), 400
    entries, total = audit.list_entries(db.session, audit_filters(form), page_number)
    pages = max(1, -(-total // audit.PAGE_SIZE))
    return render_template(
        "admin/audit.html",
        form=form,
        entries=entries,
        total=total,
        page=page_number,
        pages=pages,
        query={k: v for k, v in request.args.items() if k != "page" and v},
    )


@bp.route("/audit.csv")
@admin_only
def export_audit_log():
    form = audit_form()
    if not form.check():
        abort(
            400,
            "Check the filters: "
            + "; ".join(message for messages in form.errors.values() for message in messages),
        )
    rows = audit.export_rows(db.session, audit_filters(form))

    def generate():
        yield to_csv(audit.CSV_HEADERS, [])
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 500:
                yield to_csv(None, batch)
                batch = []
        yield to_csv(None, batch)

    return csv_response("audit-log.csv", stream_with_context(generate()))


# -- Reports ------------------------------------------------------------------------------------


def report_courses() -> tuple[Course, ...]:
    return current_catalogue().courses


def report_filter_form() -> tuple[ReportFilterForm, ReportFilters | None]:
    """The filters from the query string, or the form with its errors (the caller sends 400)."""
    form = ReportFilterForm(request.args)
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.set_choices(organisations, report_courses())
    if not form.check():
        return form, None
    filters = ReportFilters(
        start=form.start.data,
        end=form.end.data,
        group=form.group.data or None,
        organisation_id=int(form.organisation.data) if form.organisation.data else None,
        course_slug=form.course.data or None,
        council_role=CouncilRole(form.council_role.data) if form.council_role.data else None,
    )
    return form, filters


def render_report(template: str, form, filters, **context):
    if filters is None:
        return render_template(template, form=form, filters=None, **context), 400
    return render_template(template, form=form, filters=filters, **context)


@bp.route("/reports")
@admin_only
def report_overview():
    form, filters = report_filter_form()
    if filters is None:
        return render_report("admin/report_overview.html", form, None)
    table = reports.overview(db.session, filters, g.now)
    months, series = reports.engagement_by_month(db.session, filters, g.now)
    completions_chart = charts.bar_chart(
        "completions-chart",
        "Courses completed by membership category",
        [row.label for row in table.rows],
        [row.figures["course_completions"] for row in table.rows],
    )
    engagement_chart = charts.line_chart("engagement-chart", "Engagement over time", months, series)
    return render_report(
        "admin/report_overview.html",
        form,
        filters,
        table=table,
        months=months,
        series=series,
        completions_chart=completions_chart,
        engagement_chart=engagement_chart,
    )


@bp.route("/reports/organisations")
@admin_only
def report_organisations():
    form, filters = report_filter_form()
    table = reports.by_organisation(db.session, filters, g.now) if filters else None
    return render_report(
        "admin/report_table.html",
        form,
        filters,
        table=table,
        export="organisations",
        endpoint="admin.report_organisations",
    )


@bp.route("/reports/courses")
@admin_only
def report_courses_table():
    form, filters = report_filter_form()
    table = reports.by_course(db.session, filters, g.now, report_courses()) if filters else None
    return render_report(
        "admin/report_table.html",
        form,
        filters,
        table=table,
        export="courses",
        endpoint="admin.report_courses_table",
    )


def get_course_or_404(course_slug: str) -> Course:
    course = current_catalogue().course(course_slug)
    if course is None:
        abort(404)
    return course


@bp.route("/reports/courses/<course_slug>")
@admin_only
def report_course(course_slug: str):
    course = get_course_or_404(course_slug)
    form, filters = report_filter_form()
    if filters is None:
        return render_report("admin/report_course.html", form, None, course=course)
    funnel = reports.course_funnel(db.session, filters, course)
    questions = reports.hardest_questions(db.session, filters, course)
    funnel_chart = charts.bar_chart(
        "funnel-chart",
        f"Learners at each step of {course.title}",
        [step.label for step in funnel],
        [step.learners for step in funnel],
    )
    return render_report(
        "admin/report_course.html",
        form,
        filters,
        course=course,
        funnel=funnel,
        questions=questions,
        funnel_chart=funnel_chart,
    )


@bp.route("/reports/evaluation")
@admin_only
def report_evaluation():
    form, filters = report_filter_form()
    if filters is None:
        return render_report("admin/report_evaluation.html", form, None)
    return render_report(
        "admin/report_evaluation.html",
        form,
        filters,
        by_category=reports.evaluation_table(db.session, filters, Grouping.CATEGORY),
        by_course=reports.evaluation_table(db.session, filters, Grouping.COURSE, report_courses()),
        comments=reports.list_comments(db.session, filters),
        follow_up=reports.follow_up_figures(db.session, filters),
        engagement=list(Engagement),
        titles={course.slug: course.title for course in report_courses()},
    )


def export_table(name: str, filters: ReportFilters) -> tuple[list[str], list[list]]:
    """The headers and rows of the report table called `name`, for its CSV file."""
    session, now = db.session, g.now
    simple: dict[str, Callable[[], ReportTable]] = {
        "overview": lambda: reports.overview(session, filters, now),
        "organisations": lambda: reports.by_organisation(session, filters, now),
        "courses": lambda: reports.by_course(session, filters, now, report_courses()),
        "evaluation-categories": lambda: reports.evaluation_table(
            session, filters, Grouping.CATEGORY
        ),
        "evaluation-courses": lambda: reports.evaluation_table(
            session, filters, Grouping.COURSE, report_courses()
        ),
    }
    if name in simple:
        table: ReportTable = simple[name]()
        return table.headers(), table.csv_rows()
    if name == "engagement":
        months, series = reports.engagement_by_month(session, filters, now)
        return ["Month", *series], [
            [month, *(values[i] for values in series.values())] for i, month in enumerate(months)
        ]
    if name == "comments":
        comments = reports.list_comments(session, filters, limit=10_000)
        return ["Submitted (UTC)", "Course", "Membership category", "Comment"], [
            [c.submitted_at.strftime("%Y-%m-%d %H:%M"), c.course_slug, c.group_label, c.text]
            for c in comments
        ]
    if name == "follow-up":
        figures = reports.follow_up_figures(session, filters)
        return ["Answer", "Learners"], [[e.label, figures.get(e.value, 0)] for e in Engagement] + [
            ["Skipped", figures.get(None, 0)]
        ]
    if name in ("funnel", "questions"):
        course = get_course_or_404(request.args.get("course", ""))
        if name == "funnel":
            steps = reports.course_funnel(session, filters, course)
            return ["Step", "Learners"], [[step.label, step.learners] for step in steps]
        questions = reports.hardest_questions(session, filters, course)
        return ["Module", "Question", "Prompt", "Answered wrongly", "Attempts", "Wrong (%)"], [
            [q.module_title, q.number, q.prompt, q.wrong, q.attempts, q.percent_wrong]
            for q in questions
        ]
    abort(404)


@bp.route("/reports/export/<name>.csv")
@admin_only
def export_report(name: str):
    form, filters = report_filter_form()
    if filters is None:
        abort(
            400,
            "Check the filters: "
            + "; ".join(message for messages in form.errors.values() for message in messages),
        )
    headers, rows = export_table(name, filters)
    stamp = g.now.date().isoformat()
    return csv_response(f"{name}-{stamp}.csv", to_csv(headers, rows))
