"""Forms for the admin area. Filter forms use GET and change nothing, so they carry no token."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from app.models import CouncilRole
from app.reports import GROUPS

MEMBERSHIP_HINTS = {
    "full": "A council that is a full member of the network",
    "associate:local_council": "A town, parish or community council",
    "associate:opposition_group": "A political group in opposition on a council",
    "affiliate": "For example, a housing association or a university",
    "supporter": "A supporting organisation or individual",
}


def membership_choices() -> list[SelectChoice]:
    return [SelectChoice(group.key, group.label) for group in GROUPS]


class OrganisationForm(FlaskForm):
    name = StringField(
        "Organisation name",
        validators=[
            InputRequired("Enter the organisation's name"),
            Length(max=200, message="The organisation's name must be 200 characters or fewer"),
        ],
    )
    membership = RadioField(
        "Membership category",
        choices=membership_choices(),
        validators=[
            InputRequired("Select the membership category"),
            AnyOf([group.key for group in GROUPS], message="Select the membership category"),
        ],
        validate_choice=False,
    )


class ConfirmForm(FlaskForm):
    """A confirmation: the CSRF token is its only field."""


class PlaceSupporterForm(FlaskForm):
    organisation = SelectField(
        "Organisation",
        coerce=str,
        validators=[InputRequired("Select the learner's organisation")],
        validate_choice=False,
    )

    def validate_organisation(self, field: SelectField) -> None:
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError("Select an organisation from the list")


EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def within_range(form, field: DateField) -> None:
    if field.data is not None and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(f"Enter a {field.label.text.lower()} between 2000 and 2099")


def date_field(label: str) -> DateField:
    return DateField(
        label,
        validators=[Optional(), within_range],
        format="%Y-%m-%d",
        render_kw={"type": "date"},
    )


class GetForm(FlaskForm):
    """A filter form sent by GET: no CSRF token, since it changes nothing."""

    class Meta:
        csrf = False

    def validate_date_order(self) -> bool:
        start, end = getattr(self, "start", None), getattr(self, "end", None)
        if start is None or end is None or not (start.data and end.data):
            return True
        if start.data > end.data:
            end.errors = [*end.errors, "The to date must be the same as or after the from date"]
            return False
        return True


def _date_message(field: DateField) -> None:
    if field.errors and field.data is None:  # it could not be read as a date
        field.errors = [f"Enter the {field.label.text.lower()} as a real date, like 2026-01-31"]


class ReportFilterForm(GetForm):
    start = date_field("From date")
    end = date_field("To date")
    group = SelectField("Membership category", default="", validate_choice=True)
    organisation = SelectField("Organisation", default="", validate_choice=True)
    course = SelectField("Course", default="", validate_choice=True)
    council_role = SelectField("Role", default="", validate_choice=True)

    def set_choices(self, organisations, courses) -> None:
        everyone = [("", "All")]
        self.group.choices = everyone + [(g.key, g.label) for g in GROUPS]
        self.organisation.choices = everyone + [(str(o.id), o.name) for o in organisations]
        self.course.choices = everyone + [(c.slug, c.title) for c in courses]
        self.council_role.choices = everyone + [(r.value, r.label) for r in CouncilRole]

    def check(self) -> bool:
        valid = self.validate()
        for field in (self.start, self.end):
            _date_message(field)
        for field in (self.group, self.organisation, self.course, self.council_role):
            if field.errors:
                field.errors = [f"Choose a {field.label.text.lower()} from the list"]
        return self.validate_date_order() and valid


class AuditFilterForm(GetForm):
    action = SelectField("Action", default="", validate_choice=True)
    actor = StringField("Administrator's email address", validators=[Length(max=254)])
    start = date_field("From date")
    end = date_field("To date")

    def check(self) -> bool:
        valid = self.validate()
        for field in (self.start, self.end):
            _date_message(field)
        if self.action.errors:
            self.action.errors = ["Choose an action from the list"]
        return self.validate_date_order() and valid


class AccountSearchForm(GetForm):
    q = StringField("Name or email address", validators=[Length(max=254)])
