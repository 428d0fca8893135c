"""DNS rebinding on the real service (waitress) with its default settings, as
compose.yml runs it, and behind the README's nginx examples: the dashboard
answers to the names it is opened at, DIUN's webhook to any name."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.helpers import SECRET
from tests.live_server import LiveServer, exchange, run_cli
from tests.reverse_proxy import NGINX, ReverseProxy

REBINDING = "rebind.attacker.example"
TIMEOUT = 10
PASS_HOST_ON = "proxy_set_header Host $host;"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "server", secret=SECRET) as live:
        yield live


def raw(server: LiveServer, request: str) -> tuple[list[int], bytes]:
    """Statuses and first body of ``request`` (\\n line ends) sent byte for byte."""
    answer = exchange(server.base_url, request.replace("\n", "\r\n").encode())
    return answer.statuses, answer.body


def test_a_rebinding_page_cannot_create_a_tag(server):
    body = '{"name": "pwned"}'

    statuses, answer = raw(
        server,
        f"POST /api/tags HTTP/1.1\nHost: {REBINDING}\nSec-Fetch-Site: same-origin\n"
        f"Content-Type: application/json\nContent-Length: {len(body)}\nConnection: close\n\n"
        + body,
    )

    assert statuses == [403]
    assert b"ALLOWED_HOSTS" in answer
    assert server.event_count() == 0


@pytest.mark.parametrize("host", ["nas:8080", "192.168.1.5:8080", "diundash:8080", "[::1]:8080"])
def test_the_compose_set_up_opened_by_name_or_address_needs_no_setting(server, host):
    statuses, _ = raw(server, f"GET /api/updates HTTP/1.1\nHost: {host}\nConnection: close\n\n")

    assert statuses == [200]


@pytest.mark.parametrize("host", [REBINDING, "diun.example.com"])
def test_diun_may_post_to_any_name(server, host):
    body = '{"image": "docker.io/library/nginx:1.25"}'

    statuses, _ = raw(
        server,
        f"POST /webhook HTTP/1.1\nHost: {host}\nAuthorization: {SECRET}\n"
        f"Content-Length: {len(body)}\nConnection: close\n\n" + body,
    )

    assert statuses == [200]
    assert server.event_count() == 1


def test_without_host_http_1_0_is_answered_and_http_1_1_is_a_400(server):
    old, _ = raw(server, "GET /api/updates HTTP/1.0\n\n")
    new, answer = raw(server, "GET /api/updates HTTP/1.1\nConnection: close\n\n")

    assert old == [200]
    assert new == [400]
    assert b"must send Host" in answer


def test_the_container_healthcheck_still_passes(server):
    checked = run_cli("healthcheck", env={"PORT": str(server.port)})

    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.fixture
def nginx_passing_host(tmp_path: Path, server: LiveServer) -> Iterator[ReverseProxy]:
    if not NGINX.is_file():
        pytest.fail(f"no nginx at {NGINX}: apt-get install nginx-light (scripts/test does)")
    with ReverseProxy(tmp_path / "nginx", server.base_url, PASS_HOST_ON) as running:
        yield running


def test_behind_nginx_passing_host_on_an_unnamed_site_says_to_set_public_url(
    nginx_passing_host,
):
    page = requests.get(
        nginx_passing_host.url("/"), headers={"Host": "diun.example.com"}, timeout=TIMEOUT
    )

    assert page.status_code == 403
    assert "PUBLIC_URL" in page.text


@pytest.fixture
def named_server(tmp_path: Path) -> Iterator[LiveServer]:
    env = {"PUBLIC_URL": "https://diun.example.com/diun/"}
    with LiveServer(tmp_path / "named", secret=SECRET, env=env) as live:
        yield live


def test_behind_nginx_passing_host_on_public_url_lets_its_name_in_and_no_other(
    tmp_path, named_server
):
    if not NGINX.is_file():
        pytest.fail(f"no nginx at {NGINX}: apt-get install nginx-light (scripts/test does)")
    with ReverseProxy(tmp_path / "nginx", named_server.base_url, PASS_HOST_ON) as proxy:
        ours = requests.post(
            proxy.url("/api/tags"),
            json={"name": "production"},
            headers={"Host": "diun.example.com", "Sec-Fetch-Site": "same-origin"},
            timeout=TIMEOUT,
        )
        rebound = requests.post(
            proxy.url("/api/tags"),
            json={"name": "pwned"},
            headers={"Host": REBINDING, "Sec-Fetch-Site": "same-origin"},
            timeout=TIMEOUT,
        )

    assert ours.status_code == 201, ours.text
    assert rebound.status_code == 403
    assert named_server.event_count() == 1
