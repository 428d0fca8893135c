"""Sign-in on real servers: sign-out and a new password end sessions on
every instance sharing the database, the cookie is Secure behind a trusted
proxy that says HTTPS, and no bytes in a Cookie or Authorization header get
anything but a 400 or a 401."""

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from diundash.auth.cookies import COOKIE_NAME
from diundash.auth.passwords import hash_password
from tests.helpers import SECRET
from tests.live_server import LiveServer, address_of

PASSWORD = "the right password"
PASSWORD_HASH = hash_password(PASSWORD)
TIMEOUT = 10


def signed_in(server: LiveServer, **headers: str) -> requests.Response:
    response = requests.post(
        server.url("/api/session"), json={"password": PASSWORD}, headers=headers, timeout=TIMEOUT
    )
    assert response.status_code == 200, response.text
    return response


def statuses(server: LiveServer, cookie: str) -> tuple[int, int]:
    """A read and a write with the session cookie ``cookie``."""
    cookies = {COOKIE_NAME: cookie}
    read = requests.get(server.url("/api/updates"), cookies=cookies, timeout=TIMEOUT)
    write = requests.post(
        server.url("/api/tags"), json={"name": "late"}, cookies=cookies, timeout=TIMEOUT
    )
    return read.status_code, write.status_code


def test_signing_out_on_one_instance_ends_the_session_on_another(tmp_path, database):
    env = {"AUTH_PASSWORD": PASSWORD_HASH}
    with (
        LiveServer(tmp_path / "a", secret=SECRET, env=env, database=database) as one,
        LiveServer(tmp_path / "b", secret=SECRET, env=env, database=database) as other,
    ):
        cookie = signed_in(one).cookies[COOKIE_NAME]
        assert statuses(other, cookie) == (200, 201)

        signed_out = requests.delete(
            one.url("/api/session"), cookies={COOKIE_NAME: cookie}, timeout=TIMEOUT
        )

        assert signed_out.status_code == 204
        assert statuses(one, cookie) == statuses(other, cookie) == (401, 401)


def test_a_restart_with_a_new_password_ends_the_sessions_of_the_old_one(tmp_path):
    database = str(tmp_path / "diun.db")
    old_env, new_env = {"AUTH_PASSWORD": PASSWORD_HASH}, {"AUTH_PASSWORD": hash_password("new")}
    with LiveServer(tmp_path / "old", env=old_env, database=database) as old:
        cookie = signed_in(old).cookies[COOKIE_NAME]

    with LiveServer(tmp_path / "new", env=new_env, database=database) as new:
        assert statuses(new, cookie) == (401, 401)


def test_behind_a_trusted_proxy_that_says_https_the_cookie_is_secure(tmp_path):
    env = {"AUTH_PASSWORD": PASSWORD_HASH, "TRUSTED_PROXIES": "127.0.0.1"}
    with LiveServer(tmp_path, env=env) as proxied:
        over_https = signed_in(proxied, **{"X-Forwarded-Proto": "https"})
        over_http = signed_in(proxied)

    assert "Secure" in over_https.headers["Set-Cookie"]
    assert "Secure" not in over_http.headers["Set-Cookie"]


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    env = {
        "AUTH_PASSWORD": PASSWORD_HASH,
        "AUTH_TRUSTED_HEADER": "Remote-User",
        "AUTH_TRUSTED_PROXIES": "127.0.0.1",
    }
    with LiveServer(Path(tmp_path_factory.mktemp("fuzz")), env=env) as live:
        yield live


def status_of_raw(server: LiveServer, path: bytes, headers: bytes) -> int:
    """The status a raw request with ``headers`` (CRLF-separated) gets."""
    request = b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n" + headers + b"Connection: close\r\n\r\n"
    with socket.create_connection(address_of(server.base_url), timeout=TIMEOUT) as sock:
        sock.sendall(request)
        reply = b""
        while b"\r\n" not in reply and (chunk := sock.recv(4096)):
            reply += chunk
    return int(reply.split(b" ", 2)[1])


# Any byte but the line end; a header line.
HEADER_BYTES = st.binary(max_size=100).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b""))


@settings(max_examples=150, deadline=None)
@given(
    cookie=HEADER_BYTES,
    authorization=st.none() | HEADER_BYTES | HEADER_BYTES.map(lambda raw: b"Bearer " + raw),
    user=st.none() | HEADER_BYTES,
    path=st.sampled_from([b"/api/updates", b"/api/session", b"/metrics"]),
)
def test_no_bytes_in_a_cookie_or_authorization_header_get_in_or_a_5xx(
    guarded, cookie, authorization, user, path
):
    headers = b"Cookie: " + COOKIE_NAME.encode() + b"=" + cookie + b"\r\n"
    if authorization is not None:
        headers += b"Authorization: " + authorization + b"\r\n"
    if user is not None:  # from the trusted proxy's address: believed if it names someone
        headers += b"Remote-User: " + user + b"\r\n"

    status = status_of_raw(guarded, path, headers)

    assert status in ((400, 401) if user is None else (200, 400, 401))
