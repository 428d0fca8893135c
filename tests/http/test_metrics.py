"""GET /metrics, read with prometheus_client's own text parser."""

from typing import Any

import falcon.testing
from prometheus_client.parser import text_string_to_metric_families

from diundash.app import create_app
from tests.databases import execute_db
from tests.helpers import SECRET, diun_request
from tests.http.test_storage_errors import set_read_only

NGINX = "docker.io/library/nginx:1.25"


def scrape(client: Any) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.simulate_get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_metrics_count_webhooks_by_outcome_and_report_the_positions(client):
    captured = diun_request("02-A1-app-1.0-new.json")
    client.simulate_post("/webhook", body=captured["body_raw"], headers={"Authorization": SECRET})
    client.simulate_post("/webhook/", json={"image": NGINX}, headers={"Authorization": SECRET})
    client.simulate_post("/webhook", json={"image": NGINX})  # no secret
    client.simulate_post("/webhook", body=b"{oops", headers={"Authorization": SECRET})
    client.simulate_post("/webhook", json={}, headers={"Authorization": SECRET})

    metrics = scrape(client)

    assert metrics[("diundash_webhooks_received_total", ())] == 2
    assert metrics[("diundash_webhooks_refused_total", (("reason", "unauthorized"),))] == 1
    assert metrics[("diundash_webhooks_refused_total", (("reason", "invalid"),))] == 2
    assert metrics[("diundash_events_appended_total", ())] == 2
    assert metrics[("diundash_log_position", ())] == 2
    assert metrics[("diundash_projection_position", ())] == 2
    assert metrics[("diundash_last_webhook_timestamp_seconds", ())] > 1.7e9


def test_metrics_time_requests_by_route(client):
    for _ in range(3):
        client.simulate_get("/api/updates")
    client.simulate_get("/api/tags/7")

    metrics = scrape(client)

    updates = (("method", "GET"), ("route", "/api/updates"))
    assert metrics[("diundash_request_duration_seconds_count", updates)] == 3
    assert metrics[("diundash_request_duration_seconds_bucket", (("le", "+Inf"), *updates))] == 3
    tag = (("method", "GET"), ("route", "/api/tags/{tag_id}"))
    assert metrics[("diundash_request_duration_seconds_count", tag)] == 1


def test_metrics_count_storage_errors_by_kind(settings, open_db):
    db = open_db(settings.database)
    client = falcon.testing.TestClient(create_app(settings, db=db))
    set_read_only(db, True)

    response = client.simulate_post(
        "/webhook", json={"image": NGINX}, headers={"Authorization": SECRET}
    )

    assert response.status_code == 503
    metrics = scrape(client)
    assert metrics[("diundash_storage_errors_total", (("kind", "read_only"),))] == 1
    assert metrics[("diundash_webhooks_refused_total", (("reason", "unavailable"),))] == 1


def test_metrics_answer_without_the_positions_when_the_database_cannot_be_read(client, database):
    execute_db(database, "DROP TABLE projection_state")

    metrics = scrape(client)

    assert ("diundash_log_position", ()) not in metrics
    assert ("diundash_webhooks_received_total", ()) in metrics


def test_head_of_metrics_has_no_body(client: falcon.testing.TestClient):
    response = client.simulate_head("/metrics")

    assert response.status_code == 200
    assert response.text == ""
