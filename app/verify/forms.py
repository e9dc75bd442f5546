"""The verify form: one badge, as an image file or as pasted text, and an optional email."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, TextAreaField
from wtforms.validators import Email, Length, Optional


class VerifyForm(FlaskForm):
    badge_file = FileField("Upload a badge image")
    badge_text = TextAreaField("Or paste a badge")
    email = EmailField(
        "Email address the badge should belong to (optional)",
        validators=[
            Optional(),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(message="Enter an email address in the correct format, like name@example.com"),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        has_file = self.uploaded_file() is not None
        has_text = bool((self.badge_text.data or "").strip())
        if not has_file and not has_text:
            self.badge_file.errors = [
                "Choose a badge image, or paste a signed badge, a badge's web address "
                "or a credential"
            ]
            return False
        if has_file and has_text:
            self.badge_file.errors = ["Choose a badge image or paste a badge, not both"]
            return False
        return valid

    def uploaded_file(self):
        """The chosen file, or None when none was chosen (browsers send an empty part)."""
        upload = self.badge_file.data
        if upload is None or isinstance(upload, str) or not upload.filename:
            return None
        return upload
