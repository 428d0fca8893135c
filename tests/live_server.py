"""The real diundash service in a subprocess, for tests over loopback.

``LiveServer`` runs ``python -m diundash serve`` (waitress, a real SQLite file,
the default ``DB_SYNCHRONOUS``) on a free port, waits until it answers, and
stops it with a signal. ``run_cli`` runs the operator commands on a database.
"""

import contextlib
import http.client
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

import orjson
import requests

from diundash.storage import is_database_url
from tests.databases import free_loopback_port, query_db

__all__ = ["LiveServer", "exchange", "free_loopback_port", "query_db", "run_cli", "verify"]

STARTUP_TIMEOUT = 15.0
STOP_TIMEOUT = 15.0
CLI_TIMEOUT = 60.0
EARLY_REPLY_WAIT = 1.0
# Settings the service reads; the child gets only the ones a LiveServer sets.
SERVICE_ENV_VARS = (
    "DB_PATH",
    "DATABASE_URL",
    "DATABASE_SCHEMA",
    "HOST",
    "PORT",
    "WEBHOOK_SECRET",
    "FRONTEND_DIST",
    "DB_SYNCHRONOUS",
    "THREADS",
    "CONNECTION_LIMIT",
    "CHANNEL_TIMEOUT",
    "ALLOWED_HOSTS",
    "UPDATE_HOOKS",
    "UPDATE_HOOKS_FILE",
    "UPDATE_HOOK_TIMEOUT",
    "UPDATE_HOOKS_WITHOUT_SIGN_IN",
    "HEARTBEAT_URLS",
    "HEARTBEAT_URLS_FILE",
    "HEARTBEAT_EVERY",
    "SILENT_AFTER",
)


def service_env(overrides: Mapping[str, str]) -> dict[str, str]:
    """This process's environment without diundash settings, plus ``overrides``."""
    env = {key: value for key, value in os.environ.items() if key not in SERVICE_ENV_VARS}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(overrides)
    return env


@dataclass(frozen=True)
class ServerExit:
    """How the service process ended and what it wrote."""

    returncode: int
    stdout: str
    stderr: str
    seconds_to_exit: float

    @property
    def log(self) -> str:
        return self.stdout + self.stderr


class LiveServer:
    """``python -m diundash serve`` on a free loopback port, on a fresh SQLite
    file in ``workdir`` or on the PostgreSQL ``database`` URL given.

    Use as a context manager; the process is always killed on exit.
    """

    def __init__(
        self,
        workdir: Path,
        secret: str = "some-secret",
        env: Mapping[str, str] | None = None,
        database: str | None = None,
        wrapper: Sequence[str] = (),
    ) -> None:
        self.workdir = workdir
        self.wrapper = list(wrapper)  # e.g. unshare: runs ``wrapper + [python, -m, ...]``
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_loopback_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.db_path = database or str(workdir / "diun.db")
        self.env = service_env(
            {
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
                **(
                    {"DATABASE_URL": self.db_path}
                    if is_database_url(self.db_path)
                    else {"DB_PATH": self.db_path}
                ),
                "WEBHOOK_SECRET": secret,
                "FRONTEND_DIST": str(workdir / "frontend-not-built"),
                **(env or {}),
            }
        )
        self._stdout_path = workdir / "server.stdout"
        self._stderr_path = workdir / "server.stderr"
        self.process: subprocess.Popen[bytes] | None = None
        self.exit: ServerExit | None = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.kill()

    def start(self) -> None:
        """Start the process and wait (bounded) until ``GET /api/updates`` answers."""
        with (
            self._stdout_path.open("wb") as stdout,
            self._stderr_path.open("wb") as stderr,
        ):
            self.process = subprocess.Popen(
                [*self.wrapper, sys.executable, "-m", "diundash", "serve"],
                env=self.env,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"diundash exited while starting:\n{self.output()}")
            try:
                # 401: the API answers, with sign-in on.
                if requests.get(self.url("/api/updates"), timeout=1).status_code in (200, 401):
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"diundash did not answer within {STARTUP_TIMEOUT} s:\n{self.output()}")

    @property
    def pid(self) -> int:
        assert self.process is not None, "the server was not started"
        return self.process.pid

    def url(self, path: str) -> str:
        return self.base_url + path

    def output(self) -> str:
        """Everything the process has written to stdout and stderr so far."""
        return self._read(self._stdout_path) + self._read(self._stderr_path)

    def output_once(self, text: str, timeout: float = 10) -> str:
        """The output once ``text`` is in it: the service writes its log
        lines from a thread of their own, a moment after they are logged
        (``diundash/cli/log_output.py``), and in order, so every line
        logged before ``text`` is there too."""
        deadline = time.monotonic() + timeout
        while text not in (output := self.output()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not written within {timeout} s:\n{output}")
            time.sleep(0.02)
        return output

    @staticmethod
    def _read(path: Path) -> str:
        return path.read_text(errors="replace") if path.exists() else ""

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the service without waiting for it to exit."""
        assert self.process is not None, "the server was not started"
        self.process.send_signal(signum)

    def wait(self, timeout: float = STOP_TIMEOUT) -> ServerExit:
        """Wait (bounded) for the process to exit; kill it if it does not."""
        assert self.process is not None, "the server was not started"
        started = time.monotonic()
        try:
            returncode = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self.exit = ServerExit(
            returncode,
            self._read(self._stdout_path),
            self._read(self._stderr_path),
            time.monotonic() - started,
        )
        return self.exit

    def stop(self, signum: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT) -> ServerExit:
        """Send ``signum`` (SIGTERM by default) and wait for the process to exit."""
        if self.exit is not None:
            return self.exit
        self.send_signal(signum)
        return self.wait(timeout)

    def kill(self) -> None:
        """Kill the process if it still runs (teardown: never leave it behind)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)

    # What is stored, read straight from the database.

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of ``sql`` run on the service's database (read only)."""
        return query_db(self.db_path, sql, params)

    def event_count(self) -> int:
        return int(self.query("SELECT count(*) FROM events")[0][0])


def address_of(base_url: str) -> tuple[str, int]:
    """(host, port) of ``http://host:port``."""
    split = urlsplit(base_url)
    assert split.hostname is not None
    assert split.port is not None
    return split.hostname, split.port


@dataclass(frozen=True)
class RawReply:
    """A response as ``http.client`` read it."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def json(self) -> Any:
        return orjson.loads(self.body)


def send_raw(
    base_url: str,
    method: str,
    path: str,
    headers: Iterable[tuple[str, str]],
    body: bytes = b"",
    timeout: float = 10.0,
) -> RawReply:
    """Send exactly ``headers`` in this order (http.client adds none of its
    own: no Host, Accept-Encoding, Content-Type or Content-Length) and ``body``."""
    connection = http.client.HTTPConnection(*address_of(base_url), timeout=timeout)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders(body or None)
        response = connection.getresponse()
        return RawReply(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


def send_large_body(
    base_url: str,
    path: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    timeout: float = 10.0,
    method: str = "POST",
) -> RawReply:
    """Send ``body`` after ``headers`` (a POST, or ``method``), unless the
    server answers the headers alone first (as waitress does when
    Content-Length is over its limit): then read that answer without sending
    the body into a closing connection."""
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    with socket.create_connection(address_of(base_url), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1"))
        answered_early, _, _ = select.select([sock], [], [], EARLY_REPLY_WAIT)
        if not answered_early:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(body)  # a refusal may come mid-body: read it below
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
            return RawReply(response.status, response.getheaders(), response.read())
        finally:
            response.close()


@dataclass(frozen=True)
class Exchange:
    """What came back for bytes sent raw on one connection."""

    received: bytes
    closed: bool  # the server closed the connection (else it kept it open)

    @property
    def responses(self) -> list[tuple[int, bytes]]:
        """(status, body) of each response received, in order (a body is as
        long as its Content-Length says, or the rest: a HEAD's is empty)."""
        answers, rest = [], self.received
        while rest:
            head, _, rest = rest.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length: *([0-9]+)", head)
            size = min(int(length[1]), len(rest)) if length else len(rest)
            answers.append((int(head.split(b" ", 2)[1]), rest[:size]))
            rest = rest[size:]
        return answers

    @property
    def statuses(self) -> list[int]:
        return [status for status, _ in self.responses]

    @property
    def body(self) -> bytes:
        """The body of the first response."""
        return self.responses[0][1] if self.received else b""


def exchange(base_url: str, data: bytes, idle_timeout: float = 5.0) -> Exchange:
    """Send ``data`` exactly as given on a new connection, then read until the
    server closes it, or until nothing more came for ``idle_timeout`` seconds."""
    received = b""
    with socket.create_connection(address_of(base_url), timeout=idle_timeout) as sock:
        sock.sendall(data)
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            return Exchange(received, closed=False)
        except ConnectionResetError:
            pass
    return Exchange(received, closed=True)


def replay_diun_request(base_url: str, captured: Mapping[str, Any]) -> RawReply:
    """Send a captured DIUN request as DIUN sent it: same method, path, header
    order and raw body; only ``Host`` names this server's port."""
    host = urlsplit(base_url).netloc
    headers = [
        (name, host if name.lower() == "host" else value) for name, value in captured["headers"]
    ]
    return send_raw(
        base_url, captured["method"], captured["path"], headers, captured["body_raw"].encode()
    )


def run_cli(*args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m diundash ARGS`` (e.g. ``verify --db PATH``) to completion."""
    return subprocess.run(
        [sys.executable, "-m", "diundash", *args],
        env=service_env(env or {}),
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        check=False,
    )


def verify(db_path: str) -> subprocess.CompletedProcess[str]:
    """``diundash verify --db db_path``."""
    return run_cli("verify", "--db", db_path)


def replay(db_path: str) -> subprocess.CompletedProcess[str]:
    """``diundash replay --db db_path``."""
    return run_cli("replay", "--db", db_path)
