"""Who may read /metrics (the log's position, webhook times): anyone with
sign-in off; with sign-in on, an API token (read-only is enough) or a
session, unless METRICS_PUBLIC opens it on purpose."""

import pytest
from peewee import Database

from diundash.auth.cookies import COOKIE_NAME
from diundash.auth.passwords import hash_password
from diundash.commands import Commands
from diundash.events.types import Audit

PASSWORD = "a password"
PASSWORD_HASH = hash_password(PASSWORD)


@pytest.fixture
def db(open_db, settings) -> Database:
    return open_db(settings.database)


@pytest.fixture
def guarded(make_client):
    return make_client(auth_password=PASSWORD_HASH)


def bearer(db: Database, read_only: bool) -> dict[str, str]:
    name = "prometheus" if read_only else "ci-bot"
    token = Commands(db).issue_token(name, read_only, Audit(source="cli"))
    return {"Authorization": "Bearer " + token}


def test_with_sign_in_on_metrics_answer_401_to_a_stranger(guarded):
    response = guarded.simulate_get("/metrics")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert b"diundash_log_position" not in response.content


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "read-write"])
def test_with_sign_in_on_a_token_reads_metrics(guarded, db, read_only):
    response = guarded.simulate_get("/metrics", headers=bearer(db, read_only))

    assert response.status_code == 200
    assert b"diundash_log_position" in response.content


def test_with_sign_in_on_a_session_reads_metrics(guarded):
    signed_in = guarded.simulate_post("/api/session", json={"password": PASSWORD})
    cookies = {COOKIE_NAME: signed_in.cookies[COOKIE_NAME].value}

    assert guarded.simulate_get("/metrics", cookies=cookies).status_code == 200


def test_metrics_public_opens_metrics_with_sign_in_on(make_client):
    client = make_client(auth_password=PASSWORD_HASH, metrics_public=True)

    assert client.simulate_get("/metrics").status_code == 200


def test_with_sign_in_off_metrics_stay_open(client):
    assert client.simulate_get("/metrics").status_code == 200


def test_where_metrics_are_public_no_token_is_looked_at(make_client):
    client = make_client(auth_password=PASSWORD_HASH, metrics_public=True)

    response = client.simulate_get("/metrics", headers={"Authorization": "Bearer ddt_nope"})

    assert response.status_code == 200  # public: nothing is asked, nothing is checked
