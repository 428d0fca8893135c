"""Cross-site protection: a browser's state-changing request from another site
is refused (403 JSON, nothing appended); same-site pages and clients that are
not browsers (DIUN, curl, scripts) are unaffected."""

import ipaddress
import re

import pytest

from tests.helpers import SECRET, log_rows

NGINX = "docker.io/library/nginx:1.25"
HOST = "dash.example:8080"
FORM = {"Content-Type": "text/plain", "Host": HOST}


@pytest.fixture
def client(make_client, settings):
    # HOST's name, known to the host check (besides the test client's own).
    return make_client(allowed_hosts=(*settings.allowed_hosts, "dash.example"))


@pytest.fixture
def pending(client, database):
    response = client.simulate_post(
        "/webhook", json={"image": NGINX}, headers={"Authorization": SECRET}
    )
    assert response.status_code == 200
    return len(log_rows(database))


def dismiss_all(client, **headers: str):
    return client.simulate_post("/api/dismissals", body="{}", headers={**FORM, **headers})


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://dash.example:9090"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://other.dash.example:8080"},
        # A browser's Sec-Fetch-Site wins over an Origin an attacker cannot set anyway.
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://dash.example:8080"},
    ],
)
def test_cross_site_post_is_refused_and_appends_nothing(client, database, pending, headers):
    response = dismiss_all(client, **headers)

    assert response.status_code == 403
    assert response.json["title"] == "Cross-site request refused"
    assert re.search(r"\((Sec-Fetch-Site|Origin)\)", response.json["description"])
    assert len(log_rows(database)) == pending


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", "/api/updates/" + NGINX),
        ("DELETE", "/api/updates/" + NGINX),
        ("POST", "/api/tags"),
        ("PUT", "/api/tag-assignments"),
        ("DELETE", "/api/hosts/x"),
        ("POST", "/webhook"),
    ],
)
def test_every_unsafe_method_is_protected(client, database, pending, method, path):
    headers = {**FORM, "Sec-Fetch-Site": "cross-site", "Authorization": SECRET}
    body = '{"name": "x", "image": "i", "tag_id": 1}'

    response = client.simulate_request(method, path, body=body, headers=headers)

    assert response.status_code == 403
    assert len(log_rows(database)) == pending


@pytest.mark.parametrize(
    "headers",
    [
        {},  # DIUN, curl, scripts: no browser headers, whatever Content-Type
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://elsewhere.example"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://dash.example:8080"},
        {"Origin": "HTTP://DASH.example:8080"},
    ],
)
def test_same_site_and_headerless_posts_still_work(client, database, pending, headers):
    response = dismiss_all(client, **headers)

    assert response.status_code == 200
    assert response.json == {"dismissed": [NGINX]}
    assert len(log_rows(database)) == pending + 1


def test_cross_site_reads_are_not_refused(client):
    headers = {"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"}

    assert client.simulate_get("/api/updates", headers=headers).status_code == 200


def test_public_url_names_the_site_when_a_proxy_rewrites_host(make_client, database):
    client = make_client(public_url="https://diun.example.com/dash/")
    headers = {**FORM, "Host": "127.0.0.1:8080"}

    ours = client.simulate_post(
        "/api/dismissals", body="{}", headers={**headers, "Origin": "https://diun.example.com"}
    )
    theirs = client.simulate_post(
        "/api/dismissals", body="{}", headers={**headers, "Origin": "https://evil.example"}
    )

    assert ours.status_code == 200
    assert theirs.status_code == 403


def test_forwarded_host_counts_only_from_a_trusted_proxy(make_client, settings):
    forwarded = {
        **FORM,
        "Host": "127.0.0.1:8080",
        "X-Forwarded-Host": "diun.example.com",
        "X-Forwarded-Proto": "https",
        "Origin": "https://diun.example.com",
    }
    untrusting = make_client()
    trusting = make_client(
        trusted_proxies=(ipaddress.ip_network("127.0.0.0/8"),),
        # The forwarded name is the one the host check sees too.
        allowed_hosts=(*settings.allowed_hosts, "diun.example.com"),
    )

    refused = untrusting.simulate_post(
        "/api/dismissals", body="{}", headers=forwarded, remote_addr="127.0.0.1"
    )
    accepted = trusting.simulate_post(
        "/api/dismissals", body="{}", headers=forwarded, remote_addr="127.0.0.1"
    )
    elsewhere = trusting.simulate_post(
        "/api/dismissals", body="{}", headers=forwarded, remote_addr="192.0.2.7"
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert elsewhere.status_code == 403
