"""Who may read the start pages' summary, WUD's shape, the insights and the
feeds: anyone with sign-in off; with it on, a session, a token (read-only
is enough) or a trusted proxy's user. Writes are refused on all of them, and
the security headers and the Host check apply as everywhere."""

import pytest
from peewee import Database

from diundash.auth.passwords import hash_password
from diundash.commands import Commands
from diundash.config.values import ip_networks
from diundash.events.types import Audit

PASSWORD = "a password"
PATHS = ["/api/summary", "/api/containers", "/api/app", "/api/insights", "/feed.atom", "/feed.json"]
PROXY = "10.0.0.5"


@pytest.fixture
def db(open_db, settings) -> Database:
    return open_db(settings.database)


@pytest.fixture
def signed(make_client):
    return make_client(
        auth_password=hash_password(PASSWORD),
        auth_trusted_header="Remote-User",
        auth_trusted_proxies=ip_networks({"P": PROXY}, "P"),
    )


@pytest.mark.parametrize("path", PATHS)
def test_with_sign_in_off_anyone_reads_them(client, path):
    response = client.simulate_get(path)

    assert response.status_code == 200
    assert (
        response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", PATHS)
def test_with_sign_in_on_a_stranger_gets_a_401(signed, path):
    response = signed.simulate_get(path)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", PATHS)
def test_with_sign_in_on_a_read_only_token_reads_them(signed, db, path):
    token = Commands(db).issue_token("homepage", True, Audit(source="cli"))

    response = signed.simulate_get(path, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_with_sign_in_on_a_session_or_a_proxy_user_reads_them(signed, path):
    session = signed.simulate_post("/api/session", json={"password": PASSWORD})

    assert signed.simulate_get(path, cookies=session.cookies).status_code == 200
    proxied = signed.simulate_get(path, headers={"Remote-User": "alice"}, remote_addr=PROXY)
    assert proxied.status_code == 200


@pytest.mark.parametrize("path", PATHS)
def test_they_only_read(client, path):
    response = client.simulate_post(path, json={})

    assert response.status_code == 405


@pytest.mark.parametrize("path", PATHS)
def test_a_name_the_dashboard_does_not_answer_to_gets_a_json_403(client, path):
    response = client.simulate_get(path, headers={"Host": "rebind.attacker.example"})

    assert response.status_code == 403
    assert response.headers["Content-Type"].startswith("application/json")
