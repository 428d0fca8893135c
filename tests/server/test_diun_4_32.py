"""DIUN as it is today (4.32 and later), against the real service: its
webhook sent with GET (4.32's default method), body and all; ``diun notif
test``; the providers' metadata."""

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import requests

from tests.helpers import SECRET, diun_request, diun_request_names
from tests.live_server import LiveServer, replay_diun_request

TIMEOUT = 10


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "server", secret=SECRET) as live:
        yield live


def as_get(name: str) -> dict:
    """A captured DIUN request, sent as DIUN 4.32 sends it by default: GET."""
    return {**diun_request(name), "method": "GET"}


@pytest.mark.parametrize("name", diun_request_names())
def test_a_get_with_diuns_body_is_a_webhook_as_a_post_is(server: LiveServer, name: str) -> None:
    captured = as_get(name)

    reply = replay_diun_request(server.base_url, captured)

    assert (reply.status, reply.body) == (200, b"")
    sent = orjson.loads(captured["body_raw"])
    update = requests.get(server.url("/api/updates"), timeout=TIMEOUT).json()[sent["image"]]
    assert update["event"] == sent
    assert server.query("SELECT type, source FROM events") == [("UpdateReceived", "webhook")]
    metrics = requests.get(server.url("/metrics"), timeout=TIMEOUT).text
    assert "diundash_webhooks_received_total 1.0" in metrics


def test_a_get_with_a_body_and_a_wrong_secret_is_401_and_stores_nothing(
    server: LiveServer,
) -> None:
    captured = as_get("02-A1-app-1.0-new.json")
    captured["headers"] = [
        (name, "wrong" if name == "Authorization" else value) for name, value in captured["headers"]
    ]

    reply = replay_diun_request(server.base_url, captured)

    assert reply.status == 401
    assert server.event_count() == 0


def test_a_get_without_a_body_keeps_its_405_and_message(server: LiveServer) -> None:
    for headers in ({}, {"Content-Length": "0"}, {"Authorization": SECRET}):
        response = requests.get(server.url("/webhook"), headers=headers, timeout=TIMEOUT)
        assert response.status_code == 405
        assert "method: POST" in response.json()["description"]
    assert server.event_count() == 0


def test_a_get_with_a_body_that_is_no_json_is_400(server: LiveServer) -> None:
    response = requests.get(
        server.url("/webhook"),
        data=b"{not json",
        headers={"Authorization": SECRET},
        timeout=TIMEOUT,
    )
    assert response.status_code == 400
    assert server.event_count() == 0


def test_a_get_with_a_chunked_body_is_a_webhook_too(server: LiveServer) -> None:
    body = diun_request("02-A1-app-1.0-new.json")["body_raw"].encode()
    response = requests.get(
        server.url("/webhook"),
        data=iter([body[:100], body[100:]]),  # a generator: sent chunked
        headers={"Authorization": SECRET},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    assert server.event_count() == 1


def test_notif_test_is_listed_and_is_its_hosts_last_test(server: LiveServer) -> None:
    app = diun_request("02-A1-app-1.0-new.json")
    assert replay_diun_request(server.base_url, app).status == 200
    assert replay_diun_request(server.base_url, as_get("01-T-notif-test-new.json")).status == 200

    updates = requests.get(server.url("/api/updates"), timeout=TIMEOUT).json()
    assert "docker.io/diun/testnotif:latest" in updates  # stored and listed, as the Go service
    (host,) = requests.get(server.url("/api/hosts"), timeout=TIMEOUT).json()
    assert host["hostname"] == "vm"
    assert host["last_test_at"] == updates["docker.io/diun/testnotif:latest"]["received_at"]
    assert host["images"] == 2
    assert host["pending"] == 1  # the test is no pending update
