"""The learner's pages: pathway, courses, modules one section a page, knowledge checks."""

import json
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user

from app import history, progress
from app.access import login_required
from app.badges.awards import award_for_completions, list_course_awards
from app.badges.store import current_badge_definitions
from app.courses.model import Course, Module
from app.courses.store import current_catalogue
from app.extensions import db
from app.learn.forms import QuizForm, ReflectionForm
from app.models import AccountRole

bp = Blueprint("learn", __name__, url_prefix="/learn")


def can_see_drafts() -> bool:
    return current_user.has_role(AccountRole.AUTHOR)


def get_course_or_404(course_slug: str) -> Course:
    course = current_catalogue().course(course_slug)
    if course is None or not (course.is_published or can_see_drafts()):
        abort(404)
    return course


def get_module_or_404(course: Course, module_slug: str) -> Module:
    module = course.module(module_slug)
    if module is None or not (module.is_published or can_see_drafts()):
        abort(404)
    return module


def visible_modules(course: Course) -> tuple[Module, ...]:
    return course.visible_modules(include_drafts=can_see_drafts())


def learner_progress(course: Course) -> progress.CourseProgress:
    return progress.course_progress(
        db.session, current_user.id, course.slug, visible_modules(course)
    )


def award_badges(completions: list[object]) -> list:
    """Issue the badges these completions earn, in the same transaction as the completions."""
    return award_for_completions(
        db.session,
        current_catalogue(),
        current_badge_definitions(),
        current_user,
        completions,
        g.now,
    )


def announce(completions: list[object], awards: list = ()) -> None:
    for completion in completions:
        kind = "course" if hasattr(completion, "course_version") else "module"
        flash(f"You have completed this {kind}.", "success")
    for award in awards:
        flash(
            f"You have earned the badge “{award.badge_class.name}”. See it in Your badges.",
            "success",
        )


@bp.route("/")
@login_required
def dashboard():
    pathway = progress.list_pathway(current_catalogue(), current_user, can_see_drafts())
    entries = [(entry, learner_progress(entry.course)) for entry in pathway]
    course_awards = list_course_awards(db.session, current_user)
    return render_template("learn/dashboard.html", entries=entries, course_awards=course_awards)


@bp.route("/courses")
@login_required
def catalogue():
    courses = [c for c in current_catalogue().courses if c.is_published or can_see_drafts()]
    return render_template("learn/catalogue.html", courses=courses)


@bp.route("/courses/<course_slug>")
@login_required
def course(course_slug: str):
    course = get_course_or_404(course_slug)
    return render_template(
        "learn/course.html",
        course=course,
        progress=learner_progress(course),
        modules=visible_modules(course),
    )


@bp.route("/courses/<course_slug>/<module_slug>")
@login_required
def module(course_slug: str, module_slug: str):
    course = get_course_or_404(course_slug)
    module = get_module_or_404(course, module_slug)
    module_progress = progress.module_progress(db.session, current_user.id, course.slug, module)
    return render_template(
        "learn/module.html",
        course=course,
        module=module,
        progress=module_progress,
        **neighbours(course, module),
    )


def neighbours(course: Course, module: Module) -> dict:
    modules = visible_modules(course)
    index = modules.index(module)
    return {
        "previous_module": modules[index - 1] if index > 0 else None,
        "next_module": modules[index + 1] if index + 1 < len(modules) else None,
    }


@bp.route("/courses/<course_slug>/<module_slug>/<int:number>")
@login_required
def section(course_slug: str, module_slug: str, number: int):
    course = get_course_or_404(course_slug)
    module = get_module_or_404(course, module_slug)
    section = module.section(number)
    if section is None:
        abort(404)
    completions = progress.record_section_read(
        db.session, current_user, course, module, number, g.now
    )
    awards = award_badges(completions)
    db.session.commit()
    announce(completions, awards)
    module_progress = progress.module_progress(db.session, current_user.id, course.slug, module)
    return render_template(
        "learn/section.html",
        course=course,
        module=module,
        section=section,
        progress=module_progress,
    )


@bp.route("/courses/<course_slug>/<module_slug>/check", methods=["GET", "POST"])
@login_required
def quiz(course_slug: str, module_slug: str):
    course = get_course_or_404(course_slug)
    module = get_module_or_404(course, module_slug)
    form = QuizForm()
    result, errors, status = None, {}, 200
    submitted = {name: request.form.getlist(name) for name in request.form if name != "csrf_token"}
    if form.validate_on_submit():
        try:
            result, completions = progress.submit_quiz(
                db.session, current_user, course, module, submitted, g.now
            )
        except progress.QuizInputError as error:
            errors, status = error.errors, 400
        else:
            awards = award_badges(completions)
            db.session.commit()
            announce(completions, awards)
    elif request.method == "POST":
        errors, status = {"form": "This form has expired. Reload the page and try again."}, 400
    module_progress = progress.module_progress(db.session, current_user.id, course.slug, module)
    return render_template(
        "learn/quiz.html",
        course=course,
        module=module,
        form=form,
        result=result,
        errors=errors,
        submitted=submitted,
        progress=module_progress,
        **neighbours(course, module),
    ), status


@bp.route("/courses/<course_slug>/<module_slug>/reflection", methods=["GET", "POST"])
@login_required
def reflection(course_slug: str, module_slug: str):
    course = get_course_or_404(course_slug)
    module = get_module_or_404(course, module_slug)
    if module.reflection_prompt is None:
        abort(404)
    saved = progress.find_reflection(db.session, current_user.id, course.slug, module.slug)
    form = ReflectionForm(obj=saved)
    wants_json = request.accept_mimetypes.best == "application/json"
    if form.validate_on_submit():
        progress.save_reflection(
            db.session,
            current_user,
            course,
            module,
            form.text.data or "",
            form.is_shared_as_evidence.data,
            g.now,
        )
        db.session.commit()
        if wants_json:
            return {"saved": True}
        flash("Your reflection has been saved.", "success")
        return redirect(
            url_for("learn.reflection", course_slug=course.slug, module_slug=module.slug)
        )
    if wants_json and request.method == "POST":
        return {"saved": False, "errors": form.errors}, 400
    return render_template(
        "learn/reflection.html",
        course=course,
        module=module,
        form=form,
        **neighbours(course, module),
    ), 400 if form.errors else 200


@bp.route("/progress")
@login_required
def my_progress():
    events = history.list_events(db.session, current_user)
    titles = {course.slug: course.title for course in current_catalogue().courses}
    return render_template("learn/progress.html", events=events, titles=titles)


@bp.route("/progress.json")
@login_required
def export_progress_json():
    body = json.dumps(history.export_json(db.session, current_user), indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=my-progress.json"},
    )


@bp.route("/progress.csv")
@login_required
def export_progress_csv():
    return Response(
        history.export_csv(db.session, current_user),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=my-progress.csv"},
    )


@bp.route("/media/<course_slug>/media/<path:filename>")
@login_required
def media(course_slug: str, filename: str):
    course = get_course_or_404(course_slug)
    return send_from_directory(Path(course.path).parent / "media", filename)
