"""The request target on the real service, sent byte for byte (a client
library would add the leading slash): every route, in every spelling a
client could send, is either refused (400) or decided exactly as its plain
path is, so none gets past sign-in."""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import falcon.inspect
import orjson
import pytest

from diundash.app import create_app
from diundash.auth.passwords import hash_password
from diundash.config import Settings
from tests.helpers import SECRET
from tests.live_server import Exchange, LiveServer, exchange, run_cli

IMAGE = "docker.io/library/nginx:1.25"
ENCODED_IMAGE = "docker.io%2Flibrary%2Fnginx%3A1.25"
# What fills a route's fields; any other field gets "x".
FIELD_VALUES = {"image": ENCODED_IMAGE, "tag_id": "1", "hostname": "docker-host"}
FIELD = re.compile(r"\{(\w+)(?::[^}]*)?\}")
BODY_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
EVIL_AUTHORITY = "evil.example"


def routes() -> list[tuple[str, str]]:
    """(method, path) of every responder of the app's router, fields filled
    in, HEAD beside each GET: a new route is covered without a new line here."""
    with_methods = []
    app = create_app(Settings(db_path=":memory:", frontend_dist=Path("/nonexistent")))
    for route in falcon.inspect.inspect_routes(app):
        path = FIELD.sub(lambda field: FIELD_VALUES.get(field[1], "x"), route.path)
        methods = {info.method for info in route.methods if not info.internal}
        if "GET" in methods:
            methods.add("HEAD")
        with_methods += [(method, path) for method in sorted(methods)]
    return with_methods


ROUTES = routes()


def spellings(path: str, authority: str) -> dict[str, str]:
    """Other ways to write ``path`` as a request target, by what they try."""
    return {
        "no leading slash": path[1:],
        "two leading slashes": "/" + path,
        "a percent-encoded letter": f"/%{ord(path[1]):02X}{path[2:]}",
        "a dot segment": "/." + path,
        "a dot-dot segment": "/x/.." + path,
        "a percent-encoded dot segment": "/%2e" + path,
        "absolute, naming this server": f"http://{authority}{path}",
        "absolute, naming another server": f"http://{EVIL_AUTHORITY}{path}",
        "asterisk": "*",
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def send(
    server: LiveServer,
    method: str,
    target: str,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
) -> Exchange:
    authority = server.base_url.removeprefix("http://")
    headers = dict(headers or {})
    if method in BODY_METHODS:
        body = body or b"{}"
        headers |= {"Content-Type": "application/json", "Content-Length": str(len(body))}
    head = f"{method} {target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return exchange(server.base_url, (head + "\r\n").encode() + body)


def refused(answer: Exchange, method: str) -> bool:
    """Whether ``answer`` is the refusal of the target (a HEAD's has no body)."""
    return answer.statuses == [400] and (method == "HEAD" or b"Bad request target" in answer.body)


@dataclass(frozen=True)
class Guarded:
    server: LiveServer
    token: str


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Guarded]:
    """The service with sign-in on, an image from a host, and a tag (id 1):
    what a route would change or show if it were served."""
    env = {"AUTH_PASSWORD": hash_password("correct horse battery staple")}
    with LiveServer(tmp_path_factory.mktemp("guarded"), secret=SECRET, env=env) as live:
        webhook = f'{{"image": "{IMAGE}", "hostname": "docker-host"}}'.encode()
        sent = send(live, "POST", "/webhook", webhook, {"Authorization": SECRET})
        assert sent.statuses == [200], sent.received
        issued = run_cli("token", "create", "walker", env={"DB_PATH": live.db_path})
        assert issued.returncode == 0, issued.stderr
        token = issued.stdout.strip().splitlines()[-1]
        tagged = send(live, "POST", "/api/tags", b'{"name": "production"}', bearer(token))
        assert tagged.statuses == [201], tagged.received
        yield Guarded(live, token)


def test_the_router_has_routes_that_ask_for_sign_in(guarded):
    server = guarded.server
    asks = [
        (method, path) for method, path in ROUTES if send(server, method, path).statuses == [401]
    ]

    assert ("GET", "/api/events") in asks
    assert ("POST", "/api/tags") in asks
    assert ("DELETE", "/api/tags/1") in asks
    assert ("PATCH", f"/api/updates/{ENCODED_IMAGE}") in asks


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_every_spelling_of_a_route_is_refused_or_decided_as_the_route(guarded, method, path):
    server = guarded.server
    plain = send(server, method, path).statuses
    authority = server.base_url.removeprefix("http://")

    answers = {
        what: send(server, method, target) for what, target in spellings(path, authority).items()
    }

    wrong = {
        what: answer.statuses
        for what, answer in answers.items()
        if not refused(answer, method) and answer.statuses != plain
    }
    assert not wrong, f"{method} {path} answers {plain}; other spellings: {wrong}"


def test_a_target_without_its_slash_is_a_json_400_and_nothing_is_stored(guarded):
    server = guarded.server
    before = server.event_count()

    answer = send(server, "POST", "api/tags", b'{"name": "pwned"}')

    assert answer.statuses == [400]
    assert orjson.loads(answer.body) == {
        "title": "Bad request target",
        "description": "the request target must be a path starting with / or an absolute URL "
        "naming this server (the Host header); got 'api/tags'",
    }
    assert server.event_count() == before


@pytest.mark.parametrize(
    "target",
    ["/./api/events", "/x/../api/events", "/api/%2e%2e/healthz", "/api/events/.", "*"],
)
def test_dot_segments_and_the_asterisk_are_refused(guarded, target):
    assert refused(send(guarded.server, "GET", target), "GET")


def test_an_image_name_comes_url_encoded_in_the_path(guarded):
    server = guarded.server

    answer = send(server, "PATCH", f"/api/updates/{ENCODED_IMAGE}", headers=bearer(guarded.token))

    assert answer.statuses == [204], answer.received
    acknowledged = server.query("SELECT acknowledged_at FROM updates WHERE image = ?", [IMAGE])
    assert acknowledged[0][0] is not None
