"""Forms for accounts: registration, sign-in and passwords."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from app.accounts import MIN_PASSWORD_LENGTH
from app.models import CouncilRole

NOT_LISTED = "not-listed"

new_password_validators = [
    InputRequired("Enter a password"),
    Length(
        min=MIN_PASSWORD_LENGTH,
        max=200,
        message=f"Password must be at least {MIN_PASSWORD_LENGTH} characters",
    ),
]


def email_field(label: str, missing: str) -> EmailField:
    return EmailField(
        label,
        validators=[
            InputRequired(missing),
            Email("Enter an email address in the correct format, like name@example.org"),
            Length(max=254),
        ],
    )


def confirm_password_field(label: str = "Confirm password") -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired("Enter the password again"),
            EqualTo("password", message="The passwords do not match"),
        ],
    )


class RegisterForm(FlaskForm):
    name = StringField(
        "Full name",
        validators=[InputRequired("Enter your full name"), Length(max=200)],
    )
    email = email_field("Email address", "Enter your email address")
    council_role = RadioField(
        "What is your role?",
        choices=[SelectChoice(role.value, role.label) for role in CouncilRole],
        validators=[InputRequired("Select your role")],
    )
    organisation = SelectField(
        "Your organisation",
        validators=[InputRequired("Select your organisation, or select that it is not listed")],
        validate_choice=True,
    )
    unlisted_organisation = StringField(
        "Name of your organisation (if it is not listed)", validators=[Length(max=200)]
    )
    password = PasswordField("Create a password", validators=new_password_validators)
    confirm_password = confirm_password_field()

    def validate_unlisted_organisation(self, field: StringField) -> None:
        if self.organisation.data == NOT_LISTED and not (field.data or "").strip():
            raise ValidationError("Enter the name of your organisation")


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address", validators=[InputRequired("Enter your email address"), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password"), Length(max=200)]
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[InputRequired("Enter your current password")]
    )
    password = PasswordField("New password", validators=new_password_validators)
    confirm_password = confirm_password_field("Confirm new password")


class ForgotPasswordForm(FlaskForm):
    email = email_field("Email address", "Enter your email address")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=new_password_validators)
    confirm_password = confirm_password_field("Confirm new password")


class ChangeEmailForm(FlaskForm):
    email = email_field("New email address", "Enter your new email address")
    password = PasswordField(
        "Your password", validators=[InputRequired("Enter your password to confirm the change")]
    )
