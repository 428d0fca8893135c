"""Real receivers of notifications on loopback, for the notifier's tests:
an HTTP server that Apprise's ``json://`` posts to, and an SMTP server
(aiosmtpd) that its ``mailto://`` sends mail to. Each keeps what it got."""

import json
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.databases import free_loopback_port

RECEIVER_TOKEN = "s3cr3t-receiver-token"


class JsonReceiver:
    """An HTTP server on loopback keeping the JSON bodies posted to it.
    ``status`` is what it answers; with ``hang`` set it holds each request
    until ``release`` (a channel that hangs)."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.hang = False
        self.reached = threading.Event()  # a request arrived (before any hang)
        self._released = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.reached.set()
                if receiver.hang:
                    receiver._released.wait(60)
                receiver.received.append(json.loads(body))
                receiver.paths.append(self.path)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str = f"hook?token={RECEIVER_TOKEN}") -> str:
        """Its Apprise URL, with a secret in the query (as a real one may have)."""
        return f"json://127.0.0.1:{self.port}/{path}"

    def release(self) -> None:
        self._released.set()

    def messages(self) -> list[str]:
        return [each["message"] for each in self.received]

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()


def closed_port_url() -> str:
    """A ``json://`` URL nothing listens at: a receiver that is down."""
    return f"json://127.0.0.1:{free_loopback_port()}/hook?token={RECEIVER_TOKEN}"


class _Mailbox:
    def __init__(self) -> None:
        self.mails: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.mails.append(message_from_bytes(envelope.original_content))
        return "250 OK"


class SmtpReceiver:
    """An SMTP server on loopback (aiosmtpd) that takes mail after a login
    with ``user`` and ``password``, without TLS, and keeps it."""

    user, password = "diundash", "smtp-pa55word"

    def __init__(self) -> None:
        self.mailbox = _Mailbox()
        self.port = free_loopback_port()
        self.controller = Controller(
            self.mailbox,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=self._check_login,
            auth_require_tls=False,
        )

    def _check_login(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        good = isinstance(data, LoginPassword) and (data.login, data.password) == (
            self.user.encode(),
            self.password.encode(),
        )
        return AuthResult(success=good)

    def url(self) -> str:
        return (
            f"mailto://{self.user}:{self.password}@127.0.0.1:{self.port}"
            "?from=diundash@example.com&to=ops@example.com&mode=insecure"
        )

    @property
    def mails(self) -> list[Message]:
        return self.mailbox.mails

    def bodies(self) -> Iterator[str]:
        for mail in self.mails:
            for part in mail.walk():
                if part.get_content_type() == "text/plain":
                    yield str(part.get_payload(decode=True).decode())  # type: ignore[union-attr]

    def __enter__(self) -> Self:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
