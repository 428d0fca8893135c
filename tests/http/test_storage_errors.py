"""Storage failures are answered for what they are, once for every resource:
a read-only database or a lock held too long is a 503 with Retry-After, and
/healthz says ``degraded`` from a failed write until a write succeeds again.
(A full disk, 507, needs a real full file system: tests/server/test_storage_full.py.)"""

from collections.abc import Callable, Iterator
from typing import Any

import falcon.testing
import pytest
from peewee import Database

from diundash.app import create_app
from diundash.config import Settings
from diundash.storage import engine_of
from diundash.storage.postgres import LOG_LOCK, POSTGRES
from tests.helpers import SECRET

NGINX = "docker.io/library/nginx:1.25"


@pytest.fixture
def app_db(settings: Settings, open_db: Callable[..., Database]) -> Database:
    return open_db(settings.database)


@pytest.fixture
def client(settings: Settings, app_db: Database) -> falcon.testing.TestClient:
    # The TestClient runs the app in this thread, on the connection app_db has here.
    return falcon.testing.TestClient(create_app(settings, db=app_db))


def post_webhook(client: Any, image: str = NGINX) -> Any:
    return client.simulate_post(
        "/webhook", json={"image": image}, headers={"Authorization": SECRET}
    )


def set_read_only(db: Database, read_only: bool) -> None:
    if engine_of(db) is POSTGRES:
        db.execute_sql(f"SET default_transaction_read_only = {'on' if read_only else 'off'}")
    else:
        db.execute_sql(f"PRAGMA query_only = {int(read_only)}")


@pytest.fixture
def log_lock_held_elsewhere(app_db: Database, settings: Settings) -> Iterator[None]:
    """Another writer holds the log's write lock; this app waits 100 ms for it."""
    other = type(app_db)(app_db.database, **app_db.connect_params)
    other.connect()
    try:
        if engine_of(app_db) is POSTGRES:
            app_db.execute_sql("SET lock_timeout = '100ms'")
            other.execute_sql("SELECT pg_advisory_lock(%s)", (LOG_LOCK,))
        else:
            app_db.execute_sql("PRAGMA busy_timeout = 100")
            other.execute_sql("BEGIN IMMEDIATE")
        yield
    finally:
        other.close()


def test_a_write_to_a_read_only_database_is_503_with_retry_after(client, app_db):
    set_read_only(app_db, True)

    response = post_webhook(client)

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json["description"].startswith("the database is read-only: ")
    set_read_only(app_db, False)
    assert client.simulate_get("/api/updates").json == {}


def test_a_write_waiting_past_the_lock_timeout_is_503_with_retry_after(
    client, log_lock_held_elsewhere
):
    response = post_webhook(client)

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json["description"].startswith("the database is locked by another writer")


def test_health_is_degraded_after_a_failed_write_until_the_next_good_one(client, app_db):
    assert post_webhook(client, "docker.io/library/redis:7").status_code == 200
    set_read_only(app_db, True)
    assert post_webhook(client).status_code == 503

    degraded = client.simulate_get("/healthz")
    still_degraded = client.simulate_get("/healthz")
    set_read_only(app_db, False)
    assert post_webhook(client).status_code == 200
    healthy = client.simulate_get("/healthz")

    assert degraded.status_code == still_degraded.status_code == 503
    assert degraded.json["status"] == "degraded"
    assert degraded.json["reason"].startswith("the last write failed: the database is read-only")
    assert (degraded.json["log_position"], degraded.json["projection_position"]) == (1, 1)
    assert healthy.status_code == 200
    assert healthy.json == {"status": "ok", "log_position": 2, "projection_position": 2}


def test_reads_still_answer_while_writes_fail(client, app_db):
    set_read_only(app_db, True)

    assert client.simulate_get("/api/updates").status_code == 200
    assert client.simulate_post("/api/tags", json={"name": "x"}).status_code == 503
    assert client.simulate_get("/healthz").json["status"] == "degraded"
