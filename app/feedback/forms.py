"""Forms for the evaluation questions: scales of 1 to 5, a yes or no, and free text."""

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from app.evaluation import MAX_COMMENTS_LENGTH
from app.models import Engagement

SCALE = [
    SelectChoice("1", "1 (very low)"),
    SelectChoice("2", "2"),
    SelectChoice("3", "3"),
    SelectChoice("4", "4"),
    SelectChoice("5", "5 (very high)"),
]


def scale(label: str, message: str) -> RadioField:
    return RadioField(label, choices=SCALE, validators=[InputRequired(message)], coerce=str)


def comments_field(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            Optional(),
            Length(
                max=MAX_COMMENTS_LENGTH,
                message=f"Your comments must be {MAX_COMMENTS_LENGTH} characters or fewer",
            ),
        ],
    )


class FeedbackForm(FlaskForm):
    knowledge_before = scale(
        "Your knowledge of the subject before the course",
        "Rate your knowledge before the course",
    )
    knowledge_after = scale(
        "Your knowledge of the subject after the course", "Rate your knowledge after the course"
    )
    confidence_before = scale(
        "Your confidence to put it into practice before the course",
        "Rate your confidence before the course",
    )
    confidence_after = scale(
        "Your confidence to put it into practice after the course",
        "Rate your confidence after the course",
    )
    belonging = scale(
        "How much do you feel part of the network?", "Rate how much you feel part of the network"
    )
    intends_to_stay_involved = RadioField(
        "Do you intend to stay involved with the network?",
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        validators=[InputRequired("Select yes if you intend to stay involved with the network")],
    )
    comments = comments_field("Anything else you would like to tell us (optional)")


class FollowUpForm(FlaskForm):
    engagement = RadioField(
        "Since you completed the course, how involved have you been with the network?",
        choices=[SelectChoice(e.value, e.label) for e in Engagement],
        validators=[InputRequired("Select how involved you have been with the network")],
    )
    comments = comments_field("What have you done since? (optional)")


class SkipForm(FlaskForm):
    """Skipping a question: the CSRF token is its only field."""
