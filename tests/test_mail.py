"""Email goes to a real SMTP server when MAIL_URL is set."""

import socket

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from app.mail import build_message, send_message


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder(Sink):
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def test_messages_are_sent_through_the_configured_smtp_server(tmp_path):
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = build_message("from@coop.test", "to@example.org", "Hello", "Body text")
        send_message(message, f"smtp://127.0.0.1:{port}", tmp_path / "outbox")
    finally:
        controller.stop()
    [envelope] = recorder.envelopes
    assert envelope.rcpt_tos == ["to@example.org"]
    assert b"Body text" in envelope.content
    assert not (tmp_path / "outbox").exists()
