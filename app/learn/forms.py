"""Forms for the learner's pages. Quiz answers are checked by the domain, not by WTForms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length

from app.progress import MAX_REFLECTION_LENGTH


class QuizForm(FlaskForm):
    """Carries the CSRF token; the answers are read from the request by `parse_answers`."""


class ReflectionForm(FlaskForm):
    text = TextAreaField(
        "Your reflection",
        validators=[
            Length(
                max=MAX_REFLECTION_LENGTH,
                message=f"Your reflection must be {MAX_REFLECTION_LENGTH} characters or fewer",
            )
        ],
    )
    is_shared_as_evidence = BooleanField("Show my reflection as evidence on my badge")
