"""Registration, sign-in and sign-out, and passwords."""

from datetime import timedelta

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from app import accounts
from app.access import login_required, public
from app.auth.forms import (
    NOT_LISTED,
    ChangeEmailForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    RegisterForm,
    ResetPasswordForm,
    SignInForm,
)
from app.badges import awards
from app.directory import list_directory
from app.extensions import db
from app.mail import build_message, send_message
from app.models import CouncilRole, Organisation
from app.security import is_safe_next_path
from app.urls import instance_outbox, public_url

bp = Blueprint("auth", __name__)


def organisation_choices() -> list[SelectChoice]:
    """The directory grouped by membership category, for the organisation drop-down."""
    choices = [SelectChoice("", "Choose your organisation")]
    for organisation in list_directory(db.session):
        group = f"{organisation.category_label} members"
        choices.append(SelectChoice(str(organisation.id), organisation.name, optgroup=group))
    choices.append(
        SelectChoice(NOT_LISTED, "My organisation is not listed", optgroup="Not in this list")
    )
    return choices


@bp.route("/register", methods=["GET", "POST"])
@public
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    form.organisation.choices = organisation_choices()
    if form.validate_on_submit():
        organisation = None
        if form.organisation.data != NOT_LISTED:
            organisation = db.session.get(Organisation, int(form.organisation.data))
        try:
            user = accounts.register_learner(
                db.session,
                name=form.name.data,
                email=form.email.data,
                council_role=CouncilRole(form.council_role.data),
                organisation=organisation,
                unlisted_organisation=form.unlisted_organisation.data,
                password=form.password.data,
                now=g.now,
            )
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)
            flash("Your account has been created. Welcome to Co-op Learning.", "success")
            return redirect(url_for("learn.dashboard"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    next_path = request.args.get("next")
    if not is_safe_next_path(next_path):
        next_path = None
    if current_user.is_authenticated:
        return redirect(next_path or url_for("main.home"))
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        policy = accounts.SignInPolicy(
            failure_limit=current_app.config["LOGIN_FAILURE_LIMIT"],
            window=timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"]),
        )
        try:
            user = accounts.sign_in(
                db.session,
                email=form.email.data,
                password=form.password.data,
                address=request.remote_addr or "unknown",
                policy=policy,
                now=g.now,
            )
        except accounts.AccountError as error:
            db.session.commit()  # keep the failure count
            form.form_errors.append(str(error))
            status = 429 if "Too many" in str(error) else 400
        else:
            db.session.commit()
            login_user(user)
            return redirect(next_path or url_for("learn.dashboard"))
    elif form.errors:
        status = 400
    return render_template("auth/sign_in.html", form=form, next_path=next_path), status


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out():
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("main.home"))


@bp.route("/account")
@login_required
def account():
    return render_template("auth/account.html")


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, form.current_password.data, form.password.data, g.now
            )
        except accounts.AccountError as error:
            form.current_password.errors.append(str(error))
        else:
            db.session.commit()
            flash("Your password has been changed.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), 400 if form.errors else 200


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            accounts.change_email(db.session, current_user, form.email.data, form.password.data)
        except accounts.AccountError as error:
            target = form.password if "password" in str(error) else form.email
            target.errors.append(str(error))
        else:
            # Badges name their recipient by a hash of the email: reissue them to the new one.
            reissued = awards.reissue_awards(db.session, current_user, g.now)
            db.session.commit()
            message = "Your email address has been changed."
            if reissued:
                count = len(reissued)
                message += f" {count} badge{'s' if count != 1 else ''} reissued to it."
            flash(message, "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_email.html", form=form), 400 if form.errors else 200


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(db.session, form.email.data)
        if user is not None:
            token = accounts.make_password_reset_token(user, current_app.config["SECRET_KEY"])
            link = public_url("auth.reset_password", token=token)
            minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
            message = build_message(
                current_app.config["MAIL_FROM"],
                user.email,
                "Reset your Co-op Learning password",
                render_template("email/reset_password.txt", user=user, link=link, minutes=minutes),
            )
            send_message(message, current_app.config["MAIL_URL"], instance_outbox())
        # The same answer whether or not the account exists.
        return render_template("auth/forgot_password_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    try:
        user = accounts.find_user_by_reset_token(
            db.session,
            token,
            current_app.config["SECRET_KEY"],
            current_app.config["PASSWORD_RESET_MAX_AGE"],
        )
    except accounts.AccountError as error:
        return render_template("auth/reset_link_invalid.html", message=str(error)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.reset_password(user, form.password.data, g.now)
        db.session.commit()
        flash("Your password has been reset. Sign in with your new password.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form), 400 if form.errors else 200
