"""The start pages' summary, WUD's shape, the feeds, the insights and the
fleet's metrics on a real ``diundash serve`` with sign-in on, on both
engines, reached the way each client reaches them: a Bearer header, HTTP
Basic with the token as password, a read-only token in a feed's URL."""

import base64
from pathlib import Path

import feedparser
import requests
from prometheus_client.parser import text_string_to_metric_families

from diundash.auth.passwords import hash_password
from tests.helpers import SECRET
from tests.live_server import LiveServer, run_cli

TIMEOUT = 10
NGINX = "docker.io/library/nginx:1.25"


def token(server: LiveServer, name: str, read_only: bool = True) -> str:
    args = ["token", "create", name, "--db", server.db_path]
    created = run_cli(*args, *(["--read-only"] if read_only else []))
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


def test_every_widget_endpoint_answers_the_way_its_client_asks(tmp_path: Path, database: str):
    env = {"AUTH_PASSWORD": hash_password("a password")}
    with LiveServer(tmp_path, secret=SECRET, env=env, database=database) as server:
        for host in ("nas", "web"):
            sent = requests.post(
                server.url("/webhook"),
                json={"image": NGINX, "hostname": host, "digest": "sha256:" + host},
                headers={"Authorization": SECRET},
                timeout=TIMEOUT,
            )
            assert sent.status_code == 200
        reader = token(server, "readers")
        writer = token(server, "ci", read_only=False)  # before the feed: tokens are events too
        bearer = {"Authorization": f"Bearer {reader}"}
        basic = {"Authorization": "Basic " + base64.b64encode(f"homarr:{reader}".encode()).decode()}

        for path in ("/api/summary", "/api/containers", "/api/app", "/api/insights", "/feed.atom"):
            assert requests.get(server.url(path), timeout=TIMEOUT).status_code == 401, path
        summary = requests.get(server.url("/api/summary"), headers=bearer, timeout=TIMEOUT)
        containers = requests.get(server.url("/api/containers"), headers=basic, timeout=TIMEOUT)
        app = requests.get(server.url("/api/app"), headers=basic, timeout=TIMEOUT)
        insights = requests.get(server.url("/api/insights?days=7"), headers=bearer, timeout=TIMEOUT)
        feed = requests.get(server.url(f"/feed.atom?token={reader}"), timeout=TIMEOUT)
        json_feed = requests.get(server.url(f"/feed.json?token={reader}"), timeout=TIMEOUT)
        metrics = requests.get(server.url("/metrics"), headers=bearer, timeout=TIMEOUT)
        refused = requests.get(server.url(f"/feed.atom?token={writer}"), timeout=TIMEOUT)
        unchanged = requests.get(
            server.url(f"/feed.atom?token={reader}"),
            headers={"If-None-Match": feed.headers["ETag"]},
            timeout=TIMEOUT,
        )
        log = server.output_once("path=/feed.atom status=304")  # the last request's line

    assert summary.json()["pending"] == 2
    assert summary.json()["items"][0]["url"].startswith(f"{server.base_url}/?image=")
    assert [c["updateAvailable"] for c in containers.json()] == [True, True]
    assert app.json()["name"] == "diundash"
    assert insights.json()["received"] == 2
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo
    assert [entry.title for entry in parsed.entries] == [
        f"{NGINX} on web: new version",
        f"{NGINX} on nas: new version",
    ]
    assert json_feed.json()["version"] == "https://jsonfeed.org/version/1.1"
    pending = {
        sample.labels["host"]: sample.value
        for family in text_string_to_metric_families(metrics.text)
        for sample in family.samples
        if sample.name == "diundash_updates_pending"
    }
    assert pending == {"nas": 1.0, "web": 1.0}
    assert refused.status_code == 401
    assert unchanged.status_code == 304
    assert "path=/feed.atom" in log
    assert reader not in log
    assert writer not in log
