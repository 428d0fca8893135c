"""The HTTP contract, checked against the real service: ``python -m diundash
serve`` (waitress) over loopback, on a real SQLite file."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson
import pytest
import requests

from diundash.config import MAX_BODY_BYTES
from tests.helpers import SECRET, diun_request, diun_request_names
from tests.live_server import (
    LiveServer,
    replay,
    replay_diun_request,
    send_large_body,
    send_raw,
    verify,
)

RFC3339_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z")
APP_IMAGE = "127.0.0.1:5000/demo/app:1.0"  # the image of fixtures 02 and 03
TIMEOUT = 10


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "server", secret=SECRET) as live:
        yield live


def get_updates(server: LiveServer) -> dict[str, Any]:
    response = requests.get(server.url("/api/updates"), timeout=TIMEOUT)
    assert response.status_code == 200
    return dict(response.json())


def post_webhook(server: LiveServer, body: dict[str, Any], **headers: str) -> requests.Response:
    return requests.post(
        server.url("/webhook"),
        data=orjson.dumps(body),
        headers={"Authorization": SECRET, **headers},
        timeout=TIMEOUT,
    )


def assert_recent_utc(text: str) -> None:
    assert RFC3339_UTC.fullmatch(text), text
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=1)


def image_path(image: str) -> str:
    """``/api/updates/{image}`` with ``/`` and ``:`` percent-encoded."""
    return "/api/updates/" + quote(image, safe="")


# DIUN's own requests, byte for byte


@pytest.mark.parametrize("name", diun_request_names())
def test_captured_diun_request_is_accepted_and_listed_as_sent(
    server: LiveServer, name: str
) -> None:
    captured = diun_request(name)

    reply = replay_diun_request(server.base_url, captured)

    assert (reply.status, reply.body) == (200, b"")
    sent = orjson.loads(captured["body_raw"])
    update = get_updates(server)[sent["image"]]
    assert update["event"] == sent  # created as sent (nanoseconds kept), metadata null
    assert update["acknowledged"] is False
    assert update["tag"] is None
    assert_recent_utc(update["received_at"])


def test_new_then_update_of_one_image_leaves_one_entry_with_the_newer_digest(
    server: LiveServer,
) -> None:
    for name in diun_request_names():
        assert replay_diun_request(server.base_url, diun_request(name)).status == 200

    updates = get_updates(server)

    newer = diun_request("03-A3-app-1.0-update.json")["body"]
    assert sorted(updates) == sorted(
        {diun_request(n)["body"]["image"] for n in diun_request_names()}
    )
    assert updates[APP_IMAGE]["event"]["digest"] == newer["digest"]
    assert updates[APP_IMAGE]["event"]["status"] == "update"
    assert updates[APP_IMAGE]["event"]["created"] == "2026-02-03T04:05:06.123456789Z"
    assert server.query("SELECT count(*) FROM updates WHERE image = ?", [APP_IMAGE]) == [(1,)]


def test_webhook_without_content_type_is_accepted(server: LiveServer) -> None:
    body = diun_request("01-T-notif-test-new.json")["body_raw"].encode()
    headers = [
        ("Host", server.base_url.removeprefix("http://")),
        ("Authorization", SECRET),
        ("Content-Length", str(len(body))),
    ]

    reply = send_raw(server.base_url, "POST", "/webhook", headers, body)

    assert (reply.status, reply.body) == (200, b"")
    assert "docker.io/diun/testnotif:latest" in get_updates(server)


@pytest.mark.parametrize(
    "authorization",
    [None, "", "wrong-secret", f"Bearer {SECRET}", f"{SECRET}x", SECRET.upper()],
    ids=["missing", "empty", "wrong", "bearer-prefix", "longer", "other-case"],
)
def test_webhook_with_wrong_or_missing_authorization_is_401_and_stores_nothing(
    server: LiveServer, authorization: str | None
) -> None:
    assert (
        replay_diun_request(server.base_url, diun_request("02-A1-app-1.0-new.json")).status == 200
    )
    before = get_updates(server)
    events_before = server.event_count()
    captured = diun_request("03-A3-app-1.0-update.json")
    headers = [
        (name, value)
        for name, value in captured["headers"]
        if name.lower() not in ("authorization", "host")
    ]
    headers.insert(0, ("Host", server.base_url.removeprefix("http://")))
    if authorization is not None:
        headers.append(("Authorization", authorization))

    reply = send_raw(server.base_url, "POST", "/webhook", headers, captured["body_raw"].encode())

    assert reply.status == 401
    assert "Authorization" in reply.json()["description"]
    assert get_updates(server) == before
    assert server.event_count() == events_before == 1


# Dismissing


def test_dismiss_url_encoded_image_is_204_and_acknowledges_it(server: LiveServer) -> None:
    replay_diun_request(server.base_url, diun_request("03-A3-app-1.0-update.json"))
    path = image_path(APP_IMAGE)
    assert "%2F" in path
    assert "%3A" in path

    response = requests.patch(server.url(path), timeout=TIMEOUT)

    assert (response.status_code, response.content) == (204, b"")
    update = get_updates(server)[APP_IMAGE]
    assert update["acknowledged"] is True
    assert_recent_utc(update["acknowledged_at"])
    assert server.query("SELECT type, source FROM events ORDER BY position DESC LIMIT 1") == [
        ("UpdateDismissed", "api")
    ]


def test_dismiss_unknown_image_is_json_404_and_stores_nothing(server: LiveServer) -> None:
    replay_diun_request(server.base_url, diun_request("03-A3-app-1.0-update.json"))

    response = requests.patch(server.url(image_path("docker.io/nobody/nothing:1")), timeout=10)

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert "docker.io/nobody/nothing:1" in response.json()["description"]
    assert server.event_count() == 1


def test_get_on_webhook_is_405_telling_to_use_method_post(server: LiveServer) -> None:
    response = requests.get(server.url("/webhook"), timeout=TIMEOUT)

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "method: POST" in response.json()["description"]
    assert server.event_count() == 0


# Tags


def test_tag_lifecycle_create_duplicate_assign_delete(server: LiveServer) -> None:
    replay_diun_request(server.base_url, diun_request("03-A3-app-1.0-update.json"))
    tags_url = server.url("/api/tags")

    created = requests.post(tags_url, json={"name": "production"}, timeout=TIMEOUT)
    assert created.status_code == 201
    tag = created.json()
    assert set(tag) == {"id", "name"}
    assert tag["name"] == "production"
    assert isinstance(tag["id"], int)

    duplicate = requests.post(tags_url, json={"name": "production"}, timeout=TIMEOUT)
    assert duplicate.status_code == 409
    assert requests.get(tags_url, timeout=TIMEOUT).json() == [tag]

    assignment: dict[str, Any] = {"image": APP_IMAGE, "tag_id": tag["id"]}
    assigned = requests.put(server.url("/api/tag-assignments"), json=assignment, timeout=10)
    assert (assigned.status_code, assigned.content) == (204, b"")
    assert get_updates(server)[APP_IMAGE]["tag"] == tag

    deleted = requests.delete(f"{tags_url}/{tag['id']}", timeout=TIMEOUT)
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert get_updates(server)[APP_IMAGE]["tag"] is None
    assert requests.get(tags_url, timeout=TIMEOUT).json() == []
    assert server.query("SELECT count(*) FROM tag_assignments") == [(0,)]

    assert requests.delete(f"{tags_url}/abc", timeout=TIMEOUT).status_code == 400
    assert requests.delete(f"{tags_url}/{tag['id']}", timeout=TIMEOUT).status_code == 404
    types = [row[0] for row in server.query("SELECT type FROM events ORDER BY position")]
    assert types == ["UpdateReceived", "TagCreated", "TagAssigned", "TagDeleted"]


# Limits and caching


def oversized_webhook_body() -> bytes:
    body = orjson.dumps({"image": "docker.io/big/body:1", "padding": "x" * MAX_BODY_BYTES})
    assert len(body) > MAX_BODY_BYTES
    return body


def test_webhook_body_over_one_mib_is_413_and_stores_nothing(server: LiveServer) -> None:
    body = oversized_webhook_body()
    headers = [
        ("Host", server.base_url.removeprefix("http://")),
        ("Authorization", SECRET),
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(body))),
    ]

    reply = send_large_body(server.base_url, "/webhook", headers, body)

    assert reply.status == 413
    assert server.event_count() == 0
    assert get_updates(server) == {}


@pytest.mark.parametrize(
    "size", [MAX_BODY_BYTES - 1, MAX_BODY_BYTES], ids=["1MiB-minus-1", "exactly-1MiB"]
)
def test_webhook_body_up_to_one_mib_is_accepted(server: LiveServer, size: int) -> None:
    prefix = b'{"image":"docker.io/big/body:1","padding":"'
    body = prefix + b"x" * (size - len(prefix) - 2) + b'"}'
    assert len(body) == size
    headers = [
        ("Host", server.base_url.removeprefix("http://")),
        ("Authorization", SECRET),
        ("Content-Length", str(len(body))),
    ]

    reply = send_large_body(server.base_url, "/webhook", headers, body)

    assert reply.status == 200
    assert server.event_count() == 1


def test_chunked_webhook_body_over_one_mib_is_413_and_stores_nothing(server: LiveServer) -> None:
    body = oversized_webhook_body()
    chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))

    response = requests.post(
        server.url("/webhook"), data=chunks, headers={"Authorization": SECRET}, timeout=TIMEOUT
    )

    assert response.status_code == 413
    assert server.event_count() == 0


def test_updates_etag_answers_304_until_a_new_webhook_changes_it(server: LiveServer) -> None:
    replay_diun_request(server.base_url, diun_request("02-A1-app-1.0-new.json"))
    first = requests.get(server.url("/api/updates"), timeout=TIMEOUT)
    etag = first.headers["ETag"]

    unchanged = requests.get(
        server.url("/api/updates"), headers={"If-None-Match": etag}, timeout=TIMEOUT
    )
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged.headers["ETag"] == etag

    replay_diun_request(server.base_url, diun_request("03-A3-app-1.0-update.json"))
    changed = requests.get(
        server.url("/api/updates"), headers={"If-None-Match": etag}, timeout=TIMEOUT
    )
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.json()[APP_IMAGE]["event"]["status"] == "update"


# Everything that is not the API


def test_a_list_larger_than_a_send_piece_arrives_whole_plain_and_gzipped(
    server: LiveServer,
) -> None:
    # Sent in pieces of SEND_PIECE (256 KiB) from the one cached body.
    images = [f"registry.example/team/service-{n}:1.{n}" for n in range(400)]
    with requests.Session() as session:
        for n, image in enumerate(images):
            body = {
                "image": image,
                "status": "new",
                "hostname": f"host-{n % 20}",
                "metadata": {"ctn_names": "x" * 500},
            }
            response = session.post(
                server.url("/webhook"), json=body, headers={"Authorization": SECRET}
            )
            assert response.status_code == 200

    plain = requests.get(
        server.url("/api/updates"), headers={"Accept-Encoding": "identity"}, timeout=TIMEOUT
    )
    zipped = requests.get(
        server.url("/api/updates"), headers={"Accept-Encoding": "gzip"}, timeout=TIMEOUT
    )

    assert int(plain.headers["Content-Length"]) == len(plain.content) > 2 * 256 * 1024
    assert sorted(plain.json()) == sorted(images)
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.content == plain.content  # requests unzips it


def test_unknown_api_path_is_json_404(server: LiveServer) -> None:
    response = requests.get(server.url("/api/nope"), timeout=TIMEOUT)

    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert "/api/nope" in response.json()["description"]


def test_page_path_serves_placeholder_html_while_frontend_is_not_built(
    server: LiveServer,
) -> None:
    response = requests.get(server.url("/some/page"), timeout=TIMEOUT)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "diundash is running" in response.text


# Audit metadata


def test_every_response_carries_a_request_id(server: LiveServer) -> None:
    url = server.url
    responses = [
        post_webhook(server, {"image": "docker.io/a/b:1"}),
        post_webhook(server, {"image": "docker.io/a/b:1"}, Authorization="wrong"),
        post_webhook(server, {"status": "new"}),
        requests.get(url("/webhook"), timeout=TIMEOUT),
        requests.get(url("/api/updates"), timeout=TIMEOUT),
        requests.get(url("/api/updates"), headers={"If-None-Match": "*"}, timeout=TIMEOUT),
        requests.patch(url(image_path("docker.io/a/b:1")), timeout=TIMEOUT),
        requests.patch(url(image_path("docker.io/x/y:1")), timeout=TIMEOUT),
        requests.post(url("/api/tags"), json={"name": "t"}, timeout=TIMEOUT),
        requests.post(url("/api/tags"), json={"name": "t"}, timeout=TIMEOUT),
        requests.delete(url("/api/tags/abc"), timeout=TIMEOUT),
        requests.get(url("/api/nope"), timeout=TIMEOUT),
        requests.get(url("/some/page"), timeout=TIMEOUT),
    ]

    statuses = [response.status_code for response in responses]
    assert statuses == [200, 401, 400, 405, 200, 304, 204, 404, 201, 409, 400, 404, 200]
    ids = [response.headers.get("X-Request-ID") for response in responses]
    assert all(ids), ids
    assert len(set(ids)) == len(ids)


def test_webhook_event_records_source_remote_address_and_request_id(server: LiveServer) -> None:
    reply = replay_diun_request(server.base_url, diun_request("01-T-notif-test-new.json"))
    chosen = post_webhook(server, {"image": "docker.io/a/b:1"}, **{"X-Request-ID": "diun-run-42"})

    request_id = reply.header("X-Request-ID")
    assert request_id
    assert chosen.headers["X-Request-ID"] == "diun-run-42"
    rows = server.query(
        "SELECT position, type, source, remote_addr, request_id FROM events ORDER BY position"
    )
    assert rows == [
        (1, "UpdateReceived", "webhook", "127.0.0.1", request_id),
        (2, "UpdateReceived", "webhook", "127.0.0.1", "diun-run-42"),
    ]


def test_log_verifies_replays_and_survives_a_restart(server: LiveServer) -> None:
    for name in diun_request_names():
        replay_diun_request(server.base_url, diun_request(name))
    tag = requests.post(server.url("/api/tags"), json={"name": "prod"}, timeout=TIMEOUT).json()
    requests.put(
        server.url("/api/tag-assignments"),
        json={"image": APP_IMAGE, "tag_id": tag["id"]},
        timeout=TIMEOUT,
    )
    requests.patch(server.url(image_path(APP_IMAGE)), timeout=TIMEOUT)
    before = get_updates(server)
    assert server.stop().returncode == 0

    verified = verify(server.db_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("ok")
    replayed = replay(server.db_path)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert replayed.stdout.startswith("replayed 6 events")

    with LiveServer(server.workdir, secret=SECRET) as restarted:
        assert restarted.db_path == server.db_path
        assert get_updates(restarted) == before
