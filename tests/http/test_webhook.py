"""POST /webhook: what DIUN sends, and what it must never break."""

import json

import pytest
from freezegun import freeze_time

from tests.databases import query_db
from tests.helpers import SECRET, diun_request, diun_request_names, log_rows


def post_fixture(client, name: str, **headers):
    captured = diun_request(name)
    sent = {k: v for k, v in captured["headers"] if k not in ("Host", "Content-Length")}
    sent.update(headers)
    return client.simulate_post("/webhook", body=captured["body_raw"].encode(), headers=sent)


@pytest.mark.parametrize("name", diun_request_names())
def test_captured_diun_request_is_stored_as_sent(client, name):
    captured = diun_request(name)

    response = post_fixture(client, name)

    assert response.status_code == 200
    assert response.content == b""
    update = client.simulate_get("/api/updates").json[captured["body"]["image"]]
    assert update["event"] == captured["body"]
    assert update["acknowledged"] is False
    assert update["tag"] is None


def test_created_keeps_its_nanoseconds_and_null_metadata_stays_null(client):
    post_fixture(client, "03-A3-app-1.0-update.json")

    event = client.simulate_get("/api/updates").json["127.0.0.1:5000/demo/app:1.0"]["event"]

    assert event["created"] == "2026-02-03T04:05:06.123456789Z"
    assert event["metadata"] is None


def test_second_receipt_replaces_the_first_and_resets_acknowledged(client):
    post_fixture(client, "02-A1-app-1.0-new.json")
    client.simulate_patch("/api/updates/127.0.0.1%3A5000%2Fdemo%2Fapp%3A1.0")

    post_fixture(client, "03-A3-app-1.0-update.json")

    updates = client.simulate_get("/api/updates").json
    assert list(updates) == ["127.0.0.1:5000/demo/app:1.0"]
    update = updates["127.0.0.1:5000/demo/app:1.0"]
    assert update["event"]["status"] == "update"
    assert update["event"]["digest"].startswith("sha256:dc4265e9")
    assert update["acknowledged"] is False
    assert update["acknowledged_at"] is None


def test_received_at_is_the_time_of_receipt_in_utc(client):
    with freeze_time("2026-03-23T12:30:45.123456+02:00"):
        post_fixture(client, "02-A1-app-1.0-new.json")

    update = client.simulate_get("/api/updates").json["127.0.0.1:5000/demo/app:1.0"]
    assert update["received_at"] == "2026-03-23T10:30:45.123456Z"


def test_body_without_content_type_is_parsed_as_json(client):
    body = json.dumps({"image": "docker.io/library/nginx:1.25", "status": "new"})
    environ_headers = {"Authorization": SECRET}

    response = client.simulate_post("/webhook", body=body, headers=environ_headers)

    assert response.status_code == 200
    assert "docker.io/library/nginx:1.25" in client.simulate_get("/api/updates").json


def test_body_with_a_wrong_content_type_is_still_parsed_as_json(client):
    response = client.simulate_post(
        "/webhook",
        body='{"image": "a/b:1"}',
        headers={"Authorization": SECRET, "Content-Type": "text/plain"},
    )
    assert response.status_code == 200


def test_minimal_body_gets_every_event_field_with_defaults(client):
    client.simulate_post("/webhook", body='{"image": "a/b:1"}', headers={"Authorization": SECRET})

    event = client.simulate_get("/api/updates").json["a/b:1"]["event"]

    assert event == {
        "diun_version": "",
        "hostname": "",
        "status": "",
        "provider": "",
        "image": "a/b:1",
        "hub_link": "",
        "mime_type": "",
        "digest": "",
        "created": None,
        "platform": "",
        "metadata": None,
    }


def test_unknown_fields_and_docker_metadata_are_kept_whole(client, database):
    body = {
        "image": "docker.io/library/redis:7",
        "provider": "docker",
        "metadata": {"ctn_names": "redis", "ctn_id": "abc", "ctn_state": "running", "extra": "x"},
        "future_field": {"nested": [1, 2, 3]},
    }

    client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})

    event = client.simulate_get("/api/updates").json["docker.io/library/redis:7"]["event"]
    assert event["future_field"] == {"nested": [1, 2, 3]}
    assert event["metadata"] == body["metadata"]
    (row,) = log_rows(database)
    assert json.loads(row[3])["body"] == body


def test_docker_metadata_fills_the_seed_columns(client, database):
    body = {
        "image": "docker.io/library/redis:7",
        "metadata": {"ctn_names": "redis", "ctn_id": "abc", "ctn_state": "up", "ctn_status": "Up"},
    }
    client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})

    rows = query_db(
        database, "SELECT ctn_name, ctn_id, ctn_state, ctn_status, created FROM updates"
    )
    assert rows == [("redis", "abc", "up", "Up", "")]


@pytest.mark.parametrize("authorization", [None, "", "wrong", "Bearer some-secret"])
def test_wrong_or_missing_authorization_is_401_and_stores_nothing(client, database, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    body = diun_request("02-A1-app-1.0-new.json")["body_raw"]

    response = client.simulate_post("/webhook", body=body, headers=headers)

    assert response.status_code == 401
    assert "Authorization" in response.json["description"]
    assert log_rows(database) == []


def test_without_a_secret_the_webhook_needs_no_authorization(make_client):
    client = make_client(webhook_secret="")

    response = client.simulate_post("/webhook", body='{"image": "a/b:1"}')

    assert response.status_code == 200


def test_get_webhook_is_405_and_says_to_use_post(client):
    response = client.simulate_get("/webhook")

    assert response.status_code == 405
    assert "method: POST" in response.json["description"]
    assert response.headers["Allow"] == "POST"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_on_webhook_are_405(client, method):
    assert client.simulate_request(method, "/webhook").status_code == 405


def test_each_receipt_is_one_event_with_its_audit_metadata(client, database):
    post_fixture(client, "02-A1-app-1.0-new.json", **{"X-Request-ID": "req-42"})

    ((position, type_, version, data, recorded_at, source, remote_addr, request_id, actor),) = (
        log_rows(database)
    )
    assert (position, type_, version, source, request_id, actor) == (
        1,
        "UpdateReceived",
        2,
        "webhook",
        "req-42",
        None,
    )
    assert remote_addr
    assert json.loads(data)["received_at"] == recorded_at
    assert recorded_at.endswith("Z")
