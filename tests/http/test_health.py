"""GET /healthz and `diundash healthcheck`, the container's HEALTHCHECK."""

import pytest

from diundash.config import Settings
from diundash.ops.health_probe import health_url
from tests.databases import execute_db
from tests.helpers import SECRET
from tests.live_server import LiveServer, free_loopback_port, run_cli


def receive(client, image: str) -> None:
    response = client.simulate_post(
        "/webhook", json={"image": image}, headers={"Authorization": SECRET}
    )
    assert response.status_code == 200


def append_unprojected_event(database: str) -> None:
    """An event in the log that the read tables do not reflect (what a crash
    between append and projection would leave, if they were not one transaction)."""
    execute_db(
        database,
        "INSERT INTO events (position, type, version, data, recorded_at, source) "
        "SELECT coalesce(max(position), 0) + 1, 'TagUnassigned', 1, '{\"image\": \"x\"}', "
        "'2026-03-23T10:00:00.000000Z', 'cli' FROM events",
    )


def test_health_of_a_fresh_database_is_ok_at_position_zero(client):
    response = client.simulate_get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "log_position": 0, "projection_position": 0}
    assert response.headers["cache-control"] == "no-store"


def test_health_reports_the_positions_as_changes_are_accepted(client):
    receive(client, "docker.io/library/nginx:1.25")
    client.simulate_post("/api/tags", json={"name": "production"})

    response = client.simulate_get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "log_position": 2, "projection_position": 2}


def test_health_is_503_behind_when_the_log_is_ahead_of_the_read_tables(client, database):
    receive(client, "docker.io/library/nginx:1.25")
    append_unprojected_event(database)

    response = client.simulate_get("/healthz")

    assert response.status_code == 503
    assert response.json == {"status": "behind", "log_position": 2, "projection_position": 1}


def test_health_is_503_unavailable_with_the_error_when_the_log_cannot_be_read(client, database):
    execute_db(database, "DROP TABLE events")

    response = client.simulate_get("/healthz")

    assert response.status_code == 503
    body = response.json
    assert body["status"] == "unavailable"
    assert body["log_position"] is None
    assert body["projection_position"] is None
    assert body["error"].startswith("the database cannot be read: ")
    assert "events" in body["error"]


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("0.0.0.0", "http://127.0.0.1:9000/healthz"),
        ("::", "http://[::1]:9000/healthz"),
        ("192.0.2.7", "http://192.0.2.7:9000/healthz"),
        ("::1", "http://[::1]:9000/healthz"),
    ],
)
def test_healthcheck_asks_the_address_the_service_listens_on(host, url):
    assert health_url(Settings(host=host, port=9000)) == url


# The command the Dockerfile's HEALTHCHECK runs, against the real service.


def test_healthcheck_command_exits_0_when_the_service_is_healthy(tmp_path):
    with LiveServer(tmp_path / "server") as server:
        # As in the container: only PORT is set; HOST is the default 0.0.0.0.
        result = run_cli("healthcheck", env={"PORT": str(server.port)})

    assert result.returncode == 0, result.stdout + result.stderr
    assert '"status":"ok"' in result.stdout


def test_healthcheck_command_exits_1_when_the_service_is_behind(tmp_path):
    with LiveServer(tmp_path / "server") as server:
        append_unprojected_event(server.db_path)
        result = run_cli("healthcheck", "--url", server.url("/healthz"))

    assert result.returncode == 1
    assert result.stdout.startswith("503: ")
    assert '"status":"behind"' in result.stdout


def test_healthcheck_command_exits_1_when_nothing_listens():
    port = free_loopback_port()

    result = run_cli("healthcheck", "--timeout", "2", env={"PORT": str(port)})

    assert result.returncode == 1
    assert f"http://127.0.0.1:{port}/healthz did not answer" in result.stdout
