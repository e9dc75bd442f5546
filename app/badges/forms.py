"""Forms for the badge pages."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from app.badges.awards import MAX_REASON_LENGTH


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        "Why are you revoking this badge?",
        validators=[
            InputRequired(message="Enter the reason for revoking this badge"),
            Length(
                max=MAX_REASON_LENGTH,
                message=f"The reason must be {MAX_REASON_LENGTH} characters or fewer",
            ),
        ],
    )
