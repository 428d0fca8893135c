"""What ends a password session, on every instance sharing the database:
its expiry, sign-out, a new AUTH_PASSWORD, a changed SESSION_SECRET; and
what the database keeps of sessions (only live ones, only hashes of ids)."""

from datetime import timedelta

import pytest
from peewee import Database

from diundash.auth.cookies import COOKIE_NAME, parse_cookie, sign_cookie
from diundash.auth.passwords import hash_password
from diundash.auth.sessions import session_key
from tests.databases import query_db

PASSWORD = "correct horse battery staple"
PASSWORD_HASH = hash_password(PASSWORD)
SESSION_SECRET = "a-session-secret-of-forty-characters-000"


@pytest.fixture
def db(open_db, settings) -> Database:
    return open_db(settings.database)


def session_cookie(client) -> dict[str, str]:
    response = client.simulate_post("/api/session", json={"password": PASSWORD})
    assert response.status_code == 200, response.text
    return {COOKIE_NAME: response.cookies[COOKIE_NAME].value}


def reads_and_writes(client, cookies: dict[str, str]) -> tuple[int, int]:
    read = client.simulate_get("/api/updates", cookies=cookies)
    write = client.simulate_post("/api/tags", json={"name": "after"}, cookies=cookies)
    return read.status_code, write.status_code


def test_after_sign_out_the_cookie_neither_reads_nor_writes_on_any_instance(make_client):
    first = make_client(auth_password=PASSWORD_HASH)
    second = make_client(auth_password=PASSWORD_HASH)
    cookies = session_cookie(first)
    assert reads_and_writes(second, cookies) == (200, 201)

    assert first.simulate_delete("/api/session", cookies=cookies).status_code == 204

    assert reads_and_writes(first, cookies) == (401, 401)
    assert reads_and_writes(second, cookies) == (401, 401)


def test_signing_out_ends_only_that_session(make_client):
    client = make_client(auth_password=PASSWORD_HASH)
    leaving, staying = session_cookie(client), session_cookie(client)

    client.simulate_delete("/api/session", cookies=leaving)

    assert client.simulate_get("/api/updates", cookies=staying).status_code == 200


def test_a_new_password_ends_the_sessions_of_the_old_one(make_client):
    before = session_cookie(make_client(auth_password=PASSWORD_HASH))

    restarted = make_client(auth_password=hash_password("a new password"))

    assert reads_and_writes(restarted, before) == (401, 401)


def test_the_database_keeps_only_live_sessions_and_no_session_id(make_client, database):
    client = make_client(auth_password=PASSWORD_HASH, session_lifetime=timedelta(seconds=0))
    cookies = [session_cookie(client) for _ in range(5)]  # each expired at once

    rows = query_db(database, "SELECT * FROM sessions")

    assert len(rows) == 1  # each sign-in deletes the expired ones
    parsed = parse_cookie(cookies[-1][COOKIE_NAME])
    assert parsed is not None
    assert parsed[0].session_id not in str(rows)


def test_signing_out_deletes_the_row(guarded_client, database):
    cookies = session_cookie(guarded_client)

    guarded_client.simulate_delete("/api/session", cookies=cookies)

    assert query_db(database, "SELECT count(*) FROM sessions") == [(0,)]


@pytest.fixture
def guarded_client(make_client):
    return make_client(auth_password=PASSWORD_HASH)


def resigned_with_the_stored_key(db: Database, cookie: str) -> dict[str, str]:
    """The cookie, signed again with the key in the database, as whoever read
    a backup could (were the session's id known)."""
    parsed, key = parse_cookie(cookie), session_key(db)
    assert parsed is not None
    assert key is not None
    return {COOKIE_NAME: sign_cookie(key, parsed[0])}


def test_with_session_secret_the_key_in_the_database_signs_nothing(make_client, db):
    client = make_client(auth_password=PASSWORD_HASH, session_secret=SESSION_SECRET)
    cookies = session_cookie(client)

    forged = resigned_with_the_stored_key(db, cookies[COOKIE_NAME])

    assert client.simulate_get("/api/updates", cookies=cookies).status_code == 200
    assert client.simulate_get("/api/updates", cookies=forged).status_code == 401


def test_without_session_secret_the_key_in_the_database_signs_sessions(make_client, db):
    client = make_client(auth_password=PASSWORD_HASH)
    cookies = session_cookie(client)

    resigned = resigned_with_the_stored_key(db, cookies[COOKIE_NAME])

    assert client.simulate_get("/api/updates", cookies=resigned).status_code == 200


def test_a_changed_session_secret_signs_everyone_out(make_client):
    first = make_client(auth_password=PASSWORD_HASH, session_secret=SESSION_SECRET)
    cookies = session_cookie(first)

    changed = make_client(auth_password=PASSWORD_HASH, session_secret=SESSION_SECRET[::-1])
    same = make_client(auth_password=PASSWORD_HASH, session_secret=SESSION_SECRET)
    unset = make_client(auth_password=PASSWORD_HASH)

    assert changed.simulate_get("/api/updates", cookies=cookies).status_code == 401
    assert unset.simulate_get("/api/updates", cookies=cookies).status_code == 401
    assert same.simulate_get("/api/updates", cookies=cookies).status_code == 200
