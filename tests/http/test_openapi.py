"""The OpenAPI document is valid, served, complete, and true: a scenario runs
every endpoint and error against the real service (waitress, a SQLite file),
and openapi-core checks each real response (and each accepted request)
against the document. Every documented response must happen in the scenario,
and every route of the app must be documented."""

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import falcon.inspect
import orjson
import pytest
import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_spec_validator import validate as validate_spec
from werkzeug.datastructures import Headers

from diundash.api.openapi import openapi_document
from diundash.auth.passwords import hash_password
from diundash.config import MAX_BODY_BYTES
from tests.databases import execute_db
from tests.helpers import SECRET, diun_request, diun_request_names
from tests.live_server import LiveServer, RawReply, send_large_body
from tests.receivers import JsonReceiver
from tests.stand_ins import StandIn, stand_in

DOCUMENT = openapi_document()


def _json_loads(value: bytes, **parameters: str) -> Any:
    return orjson.loads(value)


# JSON Feed's media type is JSON, which openapi-core knows only by its usual names.
SPEC = OpenAPI.from_dict(
    DOCUMENT, config=Config(extra_media_type_deserializers={"application/feed+json": _json_loads})
)
NGINX = "docker.io/library/nginx:1.25"
APP = "127.0.0.1:5000/demo/app:1.0"  # what DIUN's captured requests report, from vm
PASSWORD = "open sesame"
PASSWORD_HASH = hash_password(PASSWORD)
TIMEOUT = 10

Operation = tuple[str, str, str]  # (path template, METHOD, status)


# A full disk needs a real full file system, which needs root:
# tests/server/test_storage_full.py fills one under a real server.
NOT_IN_THE_SCENARIO = {"507"}


def documented_responses() -> list[Operation]:
    return [
        (path, method.upper(), status)
        for path, operations in DOCUMENT["paths"].items()
        for method, operation in operations.items()
        for status in operation["responses"]
    ]


def scenario_responses() -> list[Operation]:
    return [
        operation for operation in documented_responses() if operation[2] not in NOT_IN_THE_SCENARIO
    ]


def template_of(path: str) -> str | None:
    """The documented path template that ``path`` (still URL-encoded) matches."""
    for template in sorted(DOCUMENT["paths"], key=lambda t: t.count("{")):
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            return template
    return None


@dataclass(frozen=True)
class RawResponse:
    """A reply read off the socket, as openapi-core reads responses."""

    reply: RawReply

    @property
    def data(self) -> bytes:
        return self.reply.body

    @property
    def status_code(self) -> int:
        return self.reply.status

    @property
    def content_type(self) -> str:
        return self.reply.header("Content-Type") or ""

    @property
    def headers(self) -> Headers:
        return Headers(self.reply.headers)


@dataclass
class Exchange:
    """One request of the scenario and what the document said of it."""

    label: str
    operation: Operation
    errors: list[str] = field(default_factory=list)


def describe(error: Exception) -> str:
    details = getattr(error.__cause__, "schema_errors", None) or [error.__cause__]
    return f"{error!r}: " + "; ".join(str(detail).split("\n")[0] for detail in details)


class Scenario:
    """Sends requests to the live service and checks them against the document."""

    def __init__(self, server: LiveServer, hook: StandIn) -> None:
        self.server = server
        self.hook = hook  # vm's update hook
        self.session = requests.Session()
        self.exchanges: list[Exchange] = []

    def call(self, method: str, path: str, status: int, **kwargs: Any) -> requests.Response:
        # Through the session: it carries the session cookie once signed in.
        request = requests.Request(method, self.server.url(path), **kwargs)
        prepared = self.session.prepare_request(request)
        response = self.session.send(prepared, timeout=TIMEOUT)
        assert response.status_code == status, f"{method} {path}: {response.text}"
        self.check(method, path, prepared, RequestsOpenAPIResponse(response))
        return response

    def call_too_large(self, method: str, path: str) -> None:
        """A body over the limit: waitress answers before the app sees it."""
        headers = [("Host", "127.0.0.1"), ("Content-Length", str(MAX_BODY_BYTES + 1))]
        body = b"x" * (MAX_BODY_BYTES + 1)
        reply = send_large_body(self.server.base_url, path, headers, body, method=method)
        assert reply.status == 413
        prepared = requests.Request(method, self.server.url(path)).prepare()
        self.check(method, path, prepared, RawResponse(reply))

    def check(self, method: str, path: str, prepared: Any, response: Any) -> None:
        request = RequestsOpenAPIRequest(prepared)
        template = template_of(urlsplit(prepared.url).path) or f"undocumented {path}"
        exchange = Exchange(
            f"{method} {path} -> {response.status_code}",
            (template, method, str(response.status_code)),
        )
        if response.status_code < 300:  # a request the service accepts is documented as valid
            exchange.errors += [describe(e) for e in SPEC.iter_request_errors(request)]
        exchange.errors += [describe(e) for e in SPEC.iter_response_errors(request, response)]
        self.exchanges.append(exchange)

    def sql(self, statement: str) -> None:
        execute_db(self.server.db_path, statement)


def concrete(path: str) -> str:
    """A documented path template with its parameters filled in."""
    path = path.replace("{image}", "x").replace("{hostname}", "vm")
    return path.replace("{tag_id}", "1")


def sign_in(api: Scenario) -> None:
    """Sign in on the service (sign-in is on): the session keeps the cookie."""
    api.call("GET", "/api/session", 401)
    api.call("POST", "/api/session", 401, json={"password": "wrong"})
    api.call("POST", "/api/session", 429, json={"password": PASSWORD})
    time.sleep(1.1)  # the wait after one wrong password
    api.call("POST", "/api/session", 200, json={"password": PASSWORD})
    api.call("GET", "/api/session", 200)


def run(api: Scenario) -> None:
    """Every endpoint, each of its documented answers, in an order that makes sense."""
    # Sign-in is on: the API answers 401 to anyone who has not signed in.
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            if "401" in operation["responses"] and path not in ("/api/session", "/webhook"):
                api.call(method.upper(), concrete(path), 401, json={})
    sign_in(api)
    api.call("POST", "/api/session", 400, json={"password": ""})
    api.call_too_large("POST", "/api/session")
    api.call("DELETE", "/api/session", 204)
    sign_in(api)

    api.call("GET", "/healthz", 200)
    api.call("GET", "/api/openapi.json", 200)
    api.call("GET", "/metrics", 200)
    api.call("GET", "/", 200)
    api.call("GET", "/api/updates", 200)
    api.call("GET", "/api/notifications", 200)
    api.call("POST", "/api/notifications/test", 200)

    # The webhook: DIUN's own requests first, byte for byte, then the errors.
    for name in diun_request_names():
        captured = diun_request(name)
        headers = {k: v for k, v in captured["headers"] if k.lower() != "host"}
        api.call("POST", "/webhook", 200, data=captured["body_raw"].encode(), headers=headers)
    auth = {"Authorization": SECRET}
    api.call("POST", "/webhook", 200, json={"image": NGINX, "status": "new"}, headers=auth)
    api.call("POST", "/webhook", 401, json={"image": NGINX})
    # A third different wrong secret from this address starts a wait, in
    # which even the right one is not looked at.
    for guess in ("guess-1", "guess-2"):
        api.call("POST", "/webhook", 401, json={"image": NGINX}, headers={"Authorization": guess})
    api.call("POST", "/webhook", 429, json={"image": NGINX}, headers=auth)
    time.sleep(1.1)
    api.call("POST", "/webhook", 400, data=b"{not json", headers=auth)
    api.call("POST", "/webhook", 400, json={"image": ""}, headers=auth)
    api.call("POST", "/webhook", 400, json={"image": "x" * 1025}, headers=auth)
    api.call_too_large("POST", "/webhook")
    api.call("GET", "/webhook", 405)
    # DIUN 4.32 sends GET by default, with its body: a webhook like a POST.
    captured = diun_request("02-A1-app-1.0-new.json")
    headers = {k: v for k, v in captured["headers"] if k.lower() != "host"}
    api.call("GET", "/webhook", 200, data=captured["body_raw"].encode(), headers=headers)
    api.call("GET", "/webhook", 401, data=captured["body_raw"].encode())
    api.call("GET", "/webhook", 400, data=b"{not json", headers=auth)
    api.call_too_large("GET", "/webhook")

    # Updates: the list, conditional GET, time travel.
    etag = api.call("GET", "/api/updates", 200).headers["ETag"]
    api.call("GET", "/api/updates", 304, headers={"If-None-Match": etag})
    api.call("GET", "/api/updates?as_of=1", 200)
    api.call("GET", "/api/updates?as_of=2026-03-23T10:00:00Z", 200)
    api.call("GET", "/api/updates?as_of=yesterday", 400)
    api.call("GET", "/api/updates?as_of=99999", 404)

    # Tags and assignments.
    tag_id = api.call("POST", "/api/tags", 201, json={"name": " production "}).json()["id"]
    api.call("POST", "/api/tags", 409, json={"name": "production"})
    api.call("POST", "/api/tags", 400, json={"name": "  "})
    api.call("POST", "/api/tags", 400, json={"name": "x" * 101})
    api.call("POST", "/api/tags", 400, json={"name": "abc\u202egpj.exe"})
    api.call_too_large("POST", "/api/tags")
    api.call("GET", "/api/tags", 200)
    api.call("PUT", "/api/tag-assignments", 204, json={"image": NGINX, "tag_id": tag_id})
    api.call("PUT", "/api/tag-assignments", 404, json={"image": NGINX, "tag_id": 999})
    api.call("PUT", "/api/tag-assignments", 400, json={"image": NGINX, "tag_id": "1"})
    api.call_too_large("PUT", "/api/tag-assignments")
    api.call("GET", "/api/updates", 200)  # now with a tag

    # Snoozes, then dismissals.
    nginx = "/api/updates/" + quote(NGINX, safe="")
    api.call("PATCH", nginx, 204, json={"until": "2099-01-01T00:00:00Z"})
    api.call("PATCH", nginx, 400, json={"until": "2000-01-01T00:00:00Z"})
    api.call("PATCH", nginx, 400, json={"until": "tomorrow"})
    api.call_too_large("PATCH", nginx)
    api.call("POST", "/api/dismissals", 200, json={"until": "2099-01-01T00:00:00Z"})
    api.call("GET", "/api/updates", 200)  # now snoozed
    api.call("PATCH", "/api/updates/" + quote(NGINX, safe=""), 204)
    api.call("PATCH", "/api/updates/%20", 400)
    api.call("PATCH", "/api/updates/" + quote("unknown/image:1", safe=""), 404)
    api.call("POST", "/api/dismissals", 200, json={"tag_id": tag_id})
    api.call("POST", "/api/dismissals", 200, json={})
    api.call("POST", "/api/dismissals", 200, json={"images": [NGINX]})
    api.call("POST", "/api/dismissals", 404, json={"tag_id": 999})
    api.call("POST", "/api/dismissals", 400, json={"images": NGINX})
    api.call_too_large("POST", "/api/dismissals")
    api.call("GET", "/api/updates", 200)  # now acknowledged

    # Taking things apart.
    api.call("DELETE", "/api/tag-assignments", 204, json={"image": NGINX})
    api.call("DELETE", "/api/tag-assignments", 400, json={"tag_id": tag_id})
    api.call_too_large("DELETE", "/api/tag-assignments")
    api.call("DELETE", f"/api/tags/{tag_id}", 204)
    api.call("DELETE", "/api/tags/abc", 400)
    api.call("DELETE", f"/api/tags/{tag_id}", 404)

    # The event log.
    api.call("GET", "/api/events", 200)
    page = api.call("GET", "/api/events?order=desc&limit=2", 200).json()
    api.call("GET", f"/api/events?order=desc&limit=2&before={page['next']['before']}", 200)
    api.call("GET", f"/api/events?image={quote(NGINX)}&type=UpdateReceived,UpdateDismissed", 200)
    api.call("GET", "/api/events?since=2026-01-01T00:00:00Z&until=2099-01-01T00:00:00Z", 200)
    api.call("GET", "/api/events?after=3&limit=1000", 200)
    api.call("GET", "/api/events?order=sideways", 400)
    api.call("GET", "/api/events?limit=1001", 400)
    api.call("GET", "/api/events?type=NoSuchEvent", 400)
    api.call("GET", "/api/events?since=yesterday", 400)
    api.call("GET", "/api/updates?as_of=3", 200)

    # Where people already look: start pages, WUD's widgets, feeds, insights.
    widgets(api)

    # Hosts: DIUN's captured requests came from "vm", the others named none.
    api.call("GET", "/api/hosts", 200)

    # Closing the loop: deployments reported, updates asked of vm's hook.
    update = {"image": APP, "host": "vm"}
    api.call("POST", "/api/deployments", 409, json={**update, "digest": "sha256:" + "0" * 64})
    api.call("POST", "/api/deployments", 404, json={**update, "host": "nowhere"})
    api.call("POST", "/api/deployments", 400, json={"image": APP})
    api.call_too_large("POST", "/api/deployments")
    api.hook.answer(202, "updating")
    api.call("POST", "/api/update-requests", 202, json=update)
    api.call("GET", "/api/updates", 200)  # an update requested on vm
    api.hook.answer(500, "the pull failed")
    api.call("POST", "/api/update-requests", 502, json=update)
    api.call("POST", "/api/update-requests", 404, json={**update, "host": "other"})
    api.call("POST", "/api/update-requests", 400, json={"image": APP})
    api.call_too_large("POST", "/api/update-requests")
    api.call("POST", "/api/deployments", 200, json=update)
    api.call("GET", "/api/updates", 200)  # deployed on vm
    api.call("GET", "/api/events?type=UpdateDeployed,UpdateRequested", 200)
    api.call("GET", "/api/updates?host=vm", 200)
    api.call("PATCH", "/api/updates/" + quote(NGINX, safe="") + "?host=nowhere", 404)
    api.call("POST", "/api/hosts/vm/rename", 204, json={"hostname": "vm-renamed"})
    api.call("POST", "/api/hosts/vm/rename", 404, json={"hostname": "vm-again"})
    api.call("POST", "/webhook", 200, json={"image": NGINX, "hostname": "other"}, headers=auth)
    api.call("POST", "/api/hosts/other/rename", 409, json={"hostname": "vm-renamed"})
    api.call("POST", "/api/hosts/other/rename", 400, json={"hostname": " "})
    api.call("POST", "/api/hosts/other/rename", 400, json={"hostname": "vm\u200b"})
    api.call_too_large("POST", "/api/hosts/other/rename")
    api.call("DELETE", "/api/updates/" + quote(NGINX, safe="") + "?host=other", 204)
    api.call("DELETE", "/api/updates/%20", 400)
    api.call("DELETE", "/api/updates/" + quote("unknown/image:1", safe=""), 404)
    api.call("DELETE", "/api/hosts/vm-renamed", 204)
    api.call("DELETE", "/api/hosts/vm-renamed", 404)
    api.call("DELETE", "/api/hosts/" + "x" * 256, 400)

    # A browser's request from another site changes nothing, on every unsafe operation.
    cross_site = {"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"}
    for path, operations in DOCUMENT["paths"].items():
        for method in operations:
            if method not in ("get", "head", "options"):
                api.call(method.upper(), concrete(path), 403, json={}, headers=cross_site)

    # Health when things go wrong (last: they leave the database broken).
    api.sql(
        "INSERT INTO events (position, type, version, data, recorded_at, source) "
        "SELECT max(position) + 1, 'TagUnassigned', 1, '{\"image\": \"x\"}', "
        "'2026-03-23T10:00:00.000000Z', 'cli' FROM events"
    )
    api.call("GET", "/healthz", 503)
    api.sql("DROP TABLE events")
    api.call("GET", "/healthz", 503)
    api.call("POST", "/webhook", 503, json={"image": NGINX}, headers=auth)
    api.call("GET", "/webhook", 503, json={"image": NGINX}, headers=auth)
    api.call("GET", "/api/events", 503)
    for table in (
        "tag_assignments",
        "tags",
        "updates",
        "host_updates",
        "projection_state",
        "session_key",
    ):
        api.sql(f"DROP TABLE {table}")
    api.call("GET", "/api/updates", 503)
    api.call("GET", "/api/hosts", 503)
    api.call("DELETE", "/api/updates/" + quote(NGINX, safe=""), 503)
    api.call("DELETE", "/api/hosts/vm", 503)
    api.call("POST", "/api/hosts/vm/rename", 503, json={"hostname": "new"})
    api.call("PATCH", "/api/updates/" + quote(NGINX, safe=""), 503)
    api.call("POST", "/api/dismissals", 503, json={})
    api.call("POST", "/api/deployments", 503, json={"image": APP, "host": "vm"})
    api.call("POST", "/api/update-requests", 503, json={"image": APP, "host": "vm"})
    api.call("GET", "/api/tags", 503)
    api.call("POST", "/api/tags", 503, json={"name": "late"})
    api.call("DELETE", "/api/tags/1", 503)
    api.call("PUT", "/api/tag-assignments", 503, json={"image": NGINX, "tag_id": 1})
    api.call("DELETE", "/api/tag-assignments", 503, json={"image": NGINX})
    api.sql("DROP TABLE notifications")
    api.call("GET", "/api/notifications", 503)
    api.call("POST", "/api/notifications/test", 503)  # sent, but cannot be recorded
    for path in ("/api/summary", "/api/containers", "/api/app", "/api/insights"):
        api.call("GET", path, 503)
    for path in ("/feed.atom", "/feed.json"):
        api.call("GET", path, 503)
    api.call("GET", "/metrics", 503)  # sign-in is on: the session is checked in the database
    for method in ("GET", "POST", "DELETE"):  # the session cookie is checked in the database
        api.call(method, "/api/session", 503, json={"password": PASSWORD})


def widgets(api: Scenario) -> None:
    """The summary, WUD's shape, the insights and the feeds, each answer."""
    api.call("GET", "/api/summary?host=vm&limit=100", 200)
    api.call("GET", "/api/summary", 200)
    api.call("GET", "/api/summary?limit=101", 400)
    api.call("GET", "/api/containers", 200)
    api.call("GET", "/api/containers?host=" + quote("\x01"), 400)
    api.call("GET", "/api/app", 200)
    api.call("GET", "/api/insights?days=30", 200)
    api.call("GET", "/api/insights?as_of=2", 200)
    api.call("GET", "/api/insights?days=0", 400)
    api.call("GET", "/api/insights?as_of=99999", 404)
    for path in ("/feed.atom", "/feed.json"):
        etag = api.call("GET", path, 200).headers["ETag"]
        api.call("GET", path + "?host=vm", 304, headers={"If-None-Match": etag})
        api.call("GET", path + "?host=" + quote("\x01"), 400)
        api.call("GET", path + "?token=ddt_unknown-token-1234567", 401)


@pytest.fixture(scope="module")
def exchanges(tmp_path_factory) -> Iterator[list[Exchange]]:
    # vm's update hook, its DIUN's metrics, where the test notification goes
    with stand_in() as hook, stand_in() as diun, JsonReceiver() as receiver:
        diun.serve_metrics(last_run=time.time())
        env = {
            "AUTH_PASSWORD": PASSWORD_HASH,
            "UPDATE_HOOKS": f"vm={hook.url('/v1/update?image={image}')} | Authorization: Bearer t",
            "HEARTBEAT_URLS": f"vm={diun.url('/metrics')}",
            "NOTIFY_URLS": receiver.url(),
        }
        yield from _exchanges(tmp_path_factory, env, hook)


def _exchanges(tmp_path_factory, env: dict[str, str], hook: StandIn) -> Iterator[list[Exchange]]:
    with LiveServer(tmp_path_factory.mktemp("openapi"), secret=SECRET, env=env) as server:
        scenario = Scenario(server, hook)
        with scenario.session:
            run(scenario)
        yield scenario.exchanges


def test_the_document_is_valid_openapi_3_1():
    validate_spec(DOCUMENT)
    assert DOCUMENT["openapi"] == "3.1.0"


def test_the_service_serves_the_document(client):
    response = client.simulate_get("/api/openapi.json")

    assert response.status_code == 200
    assert response.json == orjson.loads(orjson.dumps(DOCUMENT))


@pytest.mark.parametrize("operation", scenario_responses(), ids=" ".join)
def test_each_documented_response_happens_and_matches_the_document(exchanges, operation):
    seen = [exchange for exchange in exchanges if exchange.operation == operation]

    assert seen, f"the scenario never produced {operation}: test it or stop documenting it"
    for exchange in seen:
        assert exchange.errors == [], exchange.label


def test_every_response_of_the_scenario_is_documented(exchanges):
    documented = set(documented_responses())

    assert [e.label for e in exchanges if e.operation not in documented] == []


def test_every_route_of_the_app_is_documented_and_nothing_else(client):
    routes = {
        (re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", route.path), method.method)
        for route in falcon.inspect.inspect_routes(client.app)
        for method in route.methods
        if not method.internal
    }
    documented = {(path, method) for path, method, _ in documented_responses()}

    assert routes == documented - {("/", "GET")}  # "/" is the page, not a route


def test_the_times_the_server_reads_as_rfc_3339_are_documented_as_date_time():
    events = DOCUMENT["paths"]["/api/events"]["get"]["parameters"]
    times = {p["name"]: p["schema"] for p in events if p["name"] in ("since", "until")}
    created = DOCUMENT["components"]["schemas"]["DiunWebhook"]["properties"]["created"]

    assert {name: schema.get("format") for name, schema in times.items()} == {
        "since": "date-time",
        "until": "date-time",
    }
    assert {"type": "string", "format": "date-time"} in created["anyOf"]


@pytest.mark.parametrize(
    ("tag_id", "status"),
    [(2**63, 404), (2**64 - 1, 404), (2**64, 400), (-(2**63), 404), (-(2**63) - 1, 400)],
)
def test_a_tag_id_in_a_body_is_bounded_where_the_document_says(client, tag_id, status):
    # Past 64 bits the body reader refuses the number (400); within them an
    # id no tag can have is an unknown tag (404). The document draws the line
    # at the same place.
    documented = DOCUMENT["components"]["schemas"]["Assignment"]["properties"]["tag_id"]
    body = b'{"image": "a/b:1", "tag_id": %d}' % tag_id

    response = client.simulate_put("/api/tag-assignments", body=body)

    assert response.status_code == status
    assert (documented["minimum"] <= tag_id <= documented["maximum"]) == (status == 404)
