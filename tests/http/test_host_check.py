"""DNS rebinding: the dashboard answers only to names it is known by (403
otherwise, saying which setting to change), before anything else decides;
``/webhook`` answers to any name."""

import ipaddress
import re

import pytest

from diundash.auth.passwords import hash_password
from diundash.config import MAX_BODY_BYTES, ConfigError, Settings
from tests.helpers import SECRET, log_rows

REBINDING = "rebind.attacker.example"
NGINX = "docker.io/library/nginx:1.25"
# What a page on REBINDING sends once its name points at the dashboard: to
# the browser, the dashboard is that page's own site.
SAME_ORIGIN = {"Host": REBINDING, "Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def named(make_client):
    return make_client(
        public_url="https://diun.example.com/dash/",
        allowed_hosts=("dash.example.org", ".corp.example"),
        host="dash-box.example.net",
    )


@pytest.mark.parametrize(
    "host",
    [
        "nas",
        "nas:8080",
        "NAS:8080",
        "diundash:8080",  # Prometheus, in the compose network
        "192.168.1.5:8080",
        "127.0.0.1",
        "[::1]:8080",
        "[fe80::1%25eth0]:8080",
        "localhost:8080",
        "nas.local",
        "nas.lan:80",
        "box.home.arpa",
        "svc.internal:8080",
        "diun.example.com",  # PUBLIC_URL's
        "diun.example.com.:443",
        "dash.example.org:8443",  # ALLOWED_HOSTS'
        "corp.example",
        "a.b.corp.example",
        "dash-box.example.net:8080",  # what HOST listens on (diundash healthcheck asks it)
    ],
)
def test_known_names_and_addresses_are_answered(named, host):
    assert named.simulate_get("/api/updates", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        REBINDING,
        f"{REBINDING}:8080",
        "nas.local.attacker.example",
        "localhost.attacker.example",
        "diun.example.com.attacker.example",
        "corp.example.attacker.example",
        "xcorp.example",
    ],
)
def test_other_names_are_refused_naming_the_settings(named, host):
    response = named.simulate_get("/api/updates", headers={"Host": host})

    assert response.status_code == 403
    assert response.json["title"] == "Unknown host name"
    description = response.json["description"]
    assert repr(host.partition(":")[0]) in description
    assert "ALLOWED_HOSTS" in description
    assert "PUBLIC_URL" in description


@pytest.mark.parametrize(
    "host",
    [
        "a b",
        "[::1",
        "[nas]",
        "nas:http",
        "1.2.3.999",
        "10.1",
        "a..b",
        "nas, evil.example",
        "n" * 271,
    ],
)
def test_a_host_header_that_is_no_host_is_a_400(client, host):
    response = client.simulate_get("/api/updates", headers={"Host": host})

    assert response.status_code == 400
    assert response.json["title"] == "Bad Host header"


def test_a_rebinding_page_can_neither_write_nor_read(client, database):
    before = log_rows(database)

    created = client.simulate_post("/api/tags", json={"name": "pwned"}, headers=SAME_ORIGIN)
    read = client.simulate_get("/api/updates", headers=SAME_ORIGIN)

    assert (created.status_code, read.status_code) == (403, 403)
    assert log_rows(database) == before


def test_the_page_refuses_with_a_short_page_that_needs_no_inline_code(client):
    response = client.simulate_get("/hosts", headers={"Host": REBINDING})

    assert response.status_code == 403
    assert response.headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    page = response.text
    assert f"diundash does not answer to {REBINDING}" in page
    assert "<code>ALLOWED_HOSTS</code>" in page
    assert "<code>PUBLIC_URL</code>" in page
    assert not re.search(r"<script|<style|\sstyle=|\son\w+=", page, re.IGNORECASE)


@pytest.mark.parametrize("path", ["/webhook", "/webhook/"])
def test_the_webhook_answers_to_any_name(client, database, path):
    headers = {"Host": REBINDING, "Authorization": SECRET}

    posted = client.simulate_post(path, json={"image": NGINX}, headers=headers)
    other_method = client.simulate_get(path, headers=headers)

    assert posted.status_code == 200
    assert other_method.status_code == 405
    assert len(log_rows(database)) == 1


def test_allowed_hosts_star_turns_the_check_off(make_client):
    open_to_all = make_client(allowed_hosts=("*",))

    assert open_to_all.simulate_get("/api/updates", headers={"Host": REBINDING}).status_code == 200


def test_an_http_1_0_request_without_host_is_answered(client):
    response = client.simulate_get("/api/updates", http_version="1.0")

    assert response.status_code == 200


def test_a_forwarded_host_is_checked_from_a_trusted_proxy_only(make_client):
    proxied = make_client(trusted_proxies=(ipaddress.ip_network("10.0.0.5/32"),))
    headers = {"Host": "127.0.0.1:8080", "X-Forwarded-Host": f"{REBINDING}, nas"}

    from_proxy = proxied.simulate_get("/api/updates", headers=headers, remote_addr="10.0.0.5")
    elsewhere = proxied.simulate_get("/api/updates", headers=headers, remote_addr="10.0.0.6")

    assert from_proxy.status_code == 403
    assert "X-Forwarded-Host" in from_proxy.json["description"]
    assert elsewhere.status_code == 200


# The order: the host is checked before sign-in, tokens, cross-site and body
# checks (a refusal says what to change, and nothing else runs), after the
# request target (without a path there is nothing to decide on).


def test_the_host_is_checked_before_sign_in(make_client):
    guarded = make_client(auth_password=hash_password("correct horse battery staple"))

    response = guarded.simulate_get("/api/updates", headers={"Host": REBINDING})
    with_a_bad_token = guarded.simulate_get(
        "/api/updates", headers={"Host": REBINDING, "Authorization": "Bearer nope"}
    )

    assert response.status_code == with_a_bad_token.status_code == 403
    assert response.json["title"] == with_a_bad_token.json["title"] == "Unknown host name"


def test_the_host_is_checked_before_cross_site_and_body_checks(client):
    cross_site = client.simulate_post(
        "/api/tags",
        json={"name": "x"},
        headers={"Host": REBINDING, "Sec-Fetch-Site": "cross-site"},
    )
    too_large = client.simulate_post(
        "/api/tags",
        body=b"{" + b" " * MAX_BODY_BYTES + b"}",
        headers={"Host": REBINDING},
    )

    assert cross_site.json["title"] == too_large.json["title"] == "Unknown host name"


def test_the_host_is_checked_after_the_request_target(client):
    response = client.simulate_get("/./api/updates", headers={"Host": REBINDING})

    assert response.status_code == 400
    assert response.json["title"] == "Bad request target"


@pytest.mark.parametrize(
    ("value", "allowed"),
    [
        ("", ()),
        ("diun.example.com", ("diun.example.com",)),
        (" Diun.Example.com., .corp.example  nas2 ", ("diun.example.com", ".corp.example", "nas2")),
        ("*", ("*",)),
    ],
)
def test_allowed_hosts_is_read_from_the_environment(value, allowed):
    assert Settings.from_env({"ALLOWED_HOSTS": value}).allowed_hosts == allowed


@pytest.mark.parametrize(
    "value", ["https://diun.example.com", "diun.example.com:8080", "[::1]", "diun.example.com/x"]
)
def test_allowed_hosts_takes_names_without_scheme_or_port(value):
    with pytest.raises(ConfigError, match="ALLOWED_HOSTS must list host names"):
        Settings.from_env({"ALLOWED_HOSTS": value})
