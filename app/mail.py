"""Outgoing email: SMTP when MAIL_URL is set, otherwise a file outbox in the instance folder."""

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)


def build_message(sender: str, recipient: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="coop-learning")
    message.set_content(body)
    return message


def send_message(message: EmailMessage, mail_url: str, outbox: Path) -> None:
    """Send through the SMTP server in `mail_url` (smtp:// or smtps://), or write to `outbox`."""
    if not mail_url:
        outbox.mkdir(parents=True, exist_ok=True)
        name = message["Message-ID"].strip("<>").replace("@", "_") + ".eml"
        (outbox / name).write_bytes(bytes(message))
        logger.info("Email %r to %s written to the outbox", message["Subject"], message["To"])
        return
    parts = urlsplit(mail_url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ValueError("MAIL_URL must start with smtp:// or smtps://")
    host = parts.hostname or "localhost"
    if parts.scheme == "smtps":
        client = smtplib.SMTP_SSL(host, parts.port or 465, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, parts.port or 25)
    with client:
        if parts.scheme == "smtp" and "starttls=true" in parts.query:
            client.starttls(context=ssl.create_default_context())
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)
    logger.info("Email %r sent to %s", message["Subject"], message["To"])
