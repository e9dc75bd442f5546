"""Evaluation questions for learners: at the end of a course, and three months later."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from app import evaluation
from app.access import login_required
from app.courses.model import Course
from app.courses.store import current_catalogue
from app.extensions import db
from app.feedback.forms import FeedbackForm, FollowUpForm, SkipForm
from app.models import Engagement

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


@bp.app_context_processor
def evaluation_prompt() -> dict:
    """`evaluation_prompt()` in templates: what to ask the signed-in learner, if anything.
    A function, so only the pages that show the prompt pay for its query."""

    def find():
        if not current_user.is_authenticated:
            return None
        prompt = evaluation.find_prompt(db.session, current_user, g.now)
        if prompt is None:
            return None
        course = current_catalogue().course(prompt.course_slug)
        return (prompt, course) if course is not None else None

    return {"evaluation_prompt": find}


def get_completed_course_or_404(course_slug: str) -> Course:
    course = current_catalogue().course(course_slug)
    if course is None or evaluation.find_completion(db.session, current_user, course_slug) is None:
        abort(404)
    return course


def already_answered(course: Course):
    flash(f"Thank you: you have already answered about {course.title}.", "info")
    return redirect(url_for("learn.dashboard"))


@bp.route("/courses/<course_slug>", methods=["GET", "POST"])
@login_required
def course_feedback(course_slug: str):
    course = get_completed_course_or_404(course_slug)
    if evaluation.has_given_feedback(db.session, current_user, course.slug):
        return already_answered(course)
    form, skip_form = FeedbackForm(), SkipForm()
    if request.form.get("skip") and skip_form.validate_on_submit():
        evaluation.record_feedback(db.session, current_user, course.slug, None, None, g.now)
        db.session.commit()
        flash("You will not be asked about this course again.", "info")
        return redirect(url_for("learn.dashboard"))
    if not request.form.get("skip") and form.validate_on_submit():
        ratings = evaluation.Ratings(
            knowledge_before=int(form.knowledge_before.data),
            knowledge_after=int(form.knowledge_after.data),
            confidence_before=int(form.confidence_before.data),
            confidence_after=int(form.confidence_after.data),
            belonging=int(form.belonging.data),
            intends_to_stay_involved=form.intends_to_stay_involved.data == "yes",
        )
        evaluation.record_feedback(
            db.session, current_user, course.slug, ratings, form.comments.data, g.now
        )
        db.session.commit()
        flash("Thank you for your feedback. It helps the network improve its courses.", "success")
        return redirect(url_for("learn.dashboard"))
    if request.form.get("skip"):
        form.form_errors.append("This form has expired. Reload the page and try again.")
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "feedback/course.html", form=form, skip_form=skip_form, course=course
    ), status


@bp.route("/follow-up/<course_slug>", methods=["GET", "POST"])
@login_required
def follow_up(course_slug: str):
    course = get_completed_course_or_404(course_slug)
    completion = evaluation.find_completion(db.session, current_user, course.slug)
    if g.now - completion.completed_at < evaluation.FOLLOW_UP_AFTER:
        abort(404)
    if evaluation.has_answered_follow_up(db.session, current_user, course.slug):
        return already_answered(course)
    form, skip_form = FollowUpForm(), SkipForm()
    if request.form.get("skip") and skip_form.validate_on_submit():
        evaluation.record_follow_up(db.session, current_user, course.slug, None, None, g.now)
        db.session.commit()
        flash("You will not be asked this again.", "info")
        return redirect(url_for("learn.dashboard"))
    if not request.form.get("skip") and form.validate_on_submit():
        evaluation.record_follow_up(
            db.session,
            current_user,
            course.slug,
            Engagement(form.engagement.data),
            form.comments.data,
            g.now,
        )
        db.session.commit()
        flash("Thank you. Your answer helps the network understand what lasts.", "success")
        return redirect(url_for("learn.dashboard"))
    if request.form.get("skip"):
        form.form_errors.append("This form has expired. Reload the page and try again.")
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "feedback/follow_up.html",
        form=form,
        skip_form=skip_form,
        course=course,
        completion=completion,
    ), status
