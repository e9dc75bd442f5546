"""Forms for the evaluation questions: scales of 1 to 5, a yes or no, and free text."""

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from app.evaluation import MAX_COMMENTS_LENGTH
from app.models import Engagement

SCALE = [
    SelectChoice("1", "1 (very low)"),
    SelectChoice("2", "2"),
    SelectChoice("3", "3"),
    SelectChoice("4", "4"),
    SelectChoice("5", "5 (very high)"),
]


def required_choice(message: str, choices: list[SelectChoice]) -> dict:
    """Radio options where both no answer and a made-up answer get the same plain message."""
    values = [choice.value for choice in choices]
    return {
        "choices": choices,
        "validators": [InputRequired(message), AnyOf(values, message=message)],
        "validate_choice": False,
    }


def scale(label: str, message: str) -> RadioField:
    return RadioField(label, **required_choice(message, SCALE))


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
        **required_choice(
            "Select yes if you intend to stay involved with the network",
            [SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        ),
    )
    comments = comments_field("Anything else you would like to tell us (optional)")


class FollowUpForm(FlaskForm):
    engagement = RadioField(
        "Since you completed the course, how involved have you been with the network?",
        **required_choice(
            "Select how involved you have been with the network",
            [SelectChoice(e.value, e.label) for e in Engagement],
        ),
    )
    comments = comments_field("What have you done since? (optional)")


class SkipForm(FlaskForm):
    """Skipping a question: the CSRF token is its only field."""
