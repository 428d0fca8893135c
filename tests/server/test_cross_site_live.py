"""Cross-site protection on the real service (waitress), directly and behind
the README's nginx example with no configuration change."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.helpers import SECRET
from tests.live_server import LiveServer
from tests.reverse_proxy import NGINX, ReverseProxy

IMAGE = "docker.io/library/nginx:1.25"
TIMEOUT = 10


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    with LiveServer(tmp_path / "server", secret=SECRET) as live:
        response = requests.post(
            live.url("/webhook"),
            json={"image": IMAGE},
            headers={"Authorization": SECRET},
            timeout=TIMEOUT,
        )
        assert response.status_code == 200
        yield live


@pytest.fixture
def proxy(tmp_path: Path, server: LiveServer) -> Iterator[ReverseProxy]:
    if not NGINX.is_file():
        pytest.fail(f"no nginx at {NGINX}: apt-get install nginx-light (scripts/test does)")
    with ReverseProxy(tmp_path / "nginx", server.base_url) as running:
        yield running


def test_a_form_post_from_another_origin_is_refused_and_appends_nothing(server):
    # curl -X POST -H 'Content-Type: text/plain' -H 'Origin: http://evil.example' -d '{}'
    response = requests.post(
        server.url("/api/dismissals"),
        data=b"{}",
        headers={"Content-Type": "text/plain", "Origin": "http://evil.example"},
        timeout=TIMEOUT,
    )

    assert response.status_code == 403
    assert "http://evil.example" in response.json()["description"]
    assert server.event_count() == 1


def test_a_headerless_post_still_works_whatever_its_content_type(server):
    response = requests.post(
        server.url("/api/dismissals"),
        data=b"{}",
        headers={"Content-Type": "text/plain"},
        timeout=TIMEOUT,
    )

    assert response.status_code == 200
    assert server.event_count() == 2


def test_a_browser_post_through_the_readme_nginx_example_is_accepted(server, proxy):
    response = requests.post(
        proxy.url("/api/dismissals"),
        json={},
        headers={"Origin": proxy.base_url, "Sec-Fetch-Site": "same-origin"},
        timeout=TIMEOUT,
    )

    assert response.status_code == 200, response.text
    assert response.json() == {"dismissed": [IMAGE]}
    assert server.event_count() == 2


def test_a_cross_site_post_through_nginx_is_refused(server, proxy):
    response = requests.post(
        proxy.url("/api/dismissals"),
        data=b"{}",
        headers={
            "Content-Type": "text/plain",
            "Origin": "http://evil.example",
            "Sec-Fetch-Site": "cross-site",
        },
        timeout=TIMEOUT,
    )

    assert response.status_code == 403
    assert server.event_count() == 1
