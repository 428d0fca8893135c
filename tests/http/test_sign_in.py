"""Optional sign-in: a password and a session cookie, a trusted proxy's
header, API tokens; the audit names who changed what."""

import ipaddress
from datetime import timedelta

import pytest
from peewee import Database

from diundash.auth.cookies import COOKIE_NAME
from diundash.auth.passwords import hash_password
from diundash.auth.sessions import rotate_session_key
from diundash.clock import utc_now
from diundash.commands import Commands
from diundash.events.types import Audit
from diundash.projections.rebuild import rebuild_read_tables
from tests.helpers import SECRET

PASSWORD = "correct horse battery staple"
PASSWORD_HASH = hash_password(PASSWORD)
NGINX = "docker.io/library/nginx:1.25"
CLI = Audit(source="cli")


@pytest.fixture
def db(open_db, settings) -> Database:
    return open_db(settings.database)


@pytest.fixture
def guarded(make_client):
    return make_client(auth_password=PASSWORD_HASH, auth_user="alice")


def sign_in(client, password: str = PASSWORD, **headers: str):
    return client.simulate_post("/api/session", json={"password": password}, headers=headers)


def session_cookie(client) -> dict[str, str]:
    response = sign_in(client)
    assert response.status_code == 200, response.text
    return {COOKIE_NAME: response.cookies[COOKIE_NAME].value}


def receive(client) -> None:
    response = client.simulate_post(
        "/webhook", json={"image": NGINX}, headers={"Authorization": SECRET}
    )
    assert response.status_code == 200


def last_audit(client, **kwargs) -> dict[str, object]:
    events = client.simulate_get("/api/events", params={"order": "desc"}, **kwargs).json
    return dict(events["events"][0]["audit"])


def test_without_sign_in_the_api_is_open_and_nobody_is_named(client):
    receive(client)

    assert client.simulate_get("/api/updates").status_code == 200
    assert client.simulate_get("/api/session").json["user"] is None
    assert client.simulate_patch(f"/api/updates/{NGINX}").status_code == 204
    assert last_audit(client)["actor"] is None


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/updates"),
        ("GET", "/api/events"),
        ("GET", "/api/hosts"),
        ("GET", "/api/tags"),
        ("POST", "/api/tags"),
        ("POST", "/api/dismissals"),
        ("GET", "/api/session"),
        ("GET", "/api/nowhere"),
    ],
)
def test_with_sign_in_on_the_api_answers_401_json_to_strangers(guarded, method, path):
    response = guarded.simulate_request(method, path, json={"name": "x"})

    assert response.status_code == 401
    assert response.json["title"] == "Sign-in required"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_with_sign_in_on_the_webhook_health_and_page_stay_as_they_were(guarded):
    receive(guarded)

    assert guarded.simulate_get("/healthz").status_code == 200
    assert guarded.simulate_get("/").status_code == 200
    assert guarded.simulate_post("/webhook", json={"image": NGINX}).status_code == 401


def test_signing_in_sets_a_strict_http_only_expiring_cookie(guarded):
    response = sign_in(guarded)

    assert response.status_code == 200
    assert response.json["user"] == "alice"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.http_only
    assert cookie.same_site == "Strict"
    assert cookie.max_age == int(timedelta(days=7).total_seconds())
    assert not cookie.secure  # plain HTTP: a Secure cookie would never come back
    assert cookie.path == "/"


def test_the_cookie_is_secure_when_a_trusted_proxy_says_https(make_client):
    client = make_client(
        auth_password=PASSWORD_HASH, trusted_proxies=(ipaddress.ip_network("127.0.0.1/32"),)
    )

    response = client.simulate_post(
        "/api/session",
        json={"password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
        remote_addr="127.0.0.1",
    )

    assert response.cookies[COOKIE_NAME].secure


def test_a_session_reads_and_changes_and_the_audit_names_the_user(guarded):
    receive(guarded)
    cookies = session_cookie(guarded)

    assert guarded.simulate_get("/api/updates", cookies=cookies).status_code == 200
    assert guarded.simulate_patch(f"/api/updates/{NGINX}", cookies=cookies).status_code == 204
    assert last_audit(guarded, cookies=cookies)["actor"] == "alice"
    assert guarded.simulate_get("/api/session", cookies=cookies).json["via"] == "session"


def test_a_session_of_one_instance_is_accepted_by_another_on_the_same_database(make_client):
    first = make_client(auth_password=PASSWORD_HASH)
    second = make_client(auth_password=PASSWORD_HASH)

    cookies = session_cookie(first)

    assert second.simulate_get("/api/updates", cookies=cookies).status_code == 200


def test_rotating_the_key_signs_every_session_out(guarded, db):
    cookies = session_cookie(guarded)

    rotate_session_key(db, utc_now())

    assert guarded.simulate_get("/api/updates", cookies=cookies).status_code == 401


@pytest.mark.parametrize(
    "tamper",
    [
        lambda value: value[:-1] + ("0" if value[-1] != "0" else "1"),  # signature
        lambda value: "YWRtaW4." + value.split(".", 1)[1],  # another name
        lambda value: value.split(".")[0] + ".9999999999." + value.split(".")[2],  # expiry
        lambda value: "garbage",
    ],
)
def test_a_forged_cookie_is_refused(guarded, tamper):
    cookies = session_cookie(guarded)

    forged = {COOKIE_NAME: tamper(cookies[COOKIE_NAME])}

    assert guarded.simulate_get("/api/updates", cookies=forged).status_code == 401


def test_an_expired_session_is_refused(make_client):
    client = make_client(auth_password=PASSWORD_HASH, session_lifetime=timedelta(seconds=0))

    cookies = session_cookie(client)

    assert client.simulate_get("/api/updates", cookies=cookies).status_code == 401


def test_a_wrong_password_is_401_and_the_next_attempt_must_wait(guarded):
    wrong = sign_in(guarded, "guess")
    again = sign_in(guarded)  # even the right one, until the wait is over

    assert wrong.status_code == 401
    assert COOKIE_NAME not in wrong.cookies
    assert again.status_code == 429
    assert int(again.headers["Retry-After"]) >= 1


def test_signing_out_clears_the_cookie(guarded):
    response = guarded.simulate_delete("/api/session", cookies=session_cookie(guarded))

    assert response.status_code == 204
    assert response.cookies[COOKIE_NAME].value == ""


def test_a_trusted_proxys_user_header_signs_in_only_from_that_proxy(make_client):
    client = make_client(
        auth_trusted_header="Remote-User",
        auth_trusted_proxies=(ipaddress.ip_network("10.0.0.0/8"),),
    )
    receive(client)
    header = {"Remote-User": "bob"}

    from_proxy = client.simulate_patch(
        f"/api/updates/{NGINX}", headers=header, remote_addr="10.1.2.3"
    )
    from_elsewhere = client.simulate_get("/api/updates", headers=header, remote_addr="192.0.2.9")

    assert from_proxy.status_code == 204
    assert last_audit(client, headers=header, remote_addr="10.1.2.3")["actor"] == "bob"
    assert from_elsewhere.status_code == 401


def test_a_token_signs_in_and_names_itself_in_the_audit(guarded, db):
    receive(guarded)
    bearer = {"Authorization": "Bearer " + Commands(db).issue_token("ci-bot", False, CLI)}

    response = guarded.simulate_patch(f"/api/updates/{NGINX}", headers=bearer)

    assert response.status_code == 204
    assert last_audit(guarded, headers=bearer)["actor"] == "ci-bot"


def test_a_read_only_token_may_only_read(guarded, db):
    bearer = {"Authorization": "Bearer " + Commands(db).issue_token("grafana", True, CLI)}

    read = guarded.simulate_get("/api/updates", headers=bearer)
    write = guarded.simulate_post("/api/tags", json={"name": "x"}, headers=bearer)

    assert read.status_code == 200
    assert write.status_code == 403
    assert write.json["title"] == "Read-only token"


def test_a_revoked_or_unknown_token_is_401_even_with_sign_in_off(client, db):
    token = Commands(db).issue_token("old", False, CLI)
    Commands(db).revoke_token("old", CLI)

    revoked = client.simulate_get("/api/updates", headers={"Authorization": f"Bearer {token}"})
    unknown = client.simulate_get("/api/updates", headers={"Authorization": "Bearer ddt_nope"})

    assert revoked.status_code == unknown.status_code == 401
    assert revoked.json["title"] == "Invalid token"


def test_tokens_survive_a_replay(guarded, db):
    token = Commands(db).issue_token("ci-bot", False, CLI)

    rebuild_read_tables(db)

    bearer = {"Authorization": f"Bearer {token}"}
    assert guarded.simulate_get("/api/updates", headers=bearer).status_code == 200
