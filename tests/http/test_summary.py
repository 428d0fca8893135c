"""GET /api/summary: what a start page shows, counted the way the list
counts (an image on a host is one update), on both engines."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from diundash.clock import format_utc
from tests.helpers import SECRET, HandClock

NGINX = "docker.io/library/nginx:1.25"
REDIS = "docker.io/library/redis:7"
APP = "ghcr.io/acme/app:2"
START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> HandClock:
    return HandClock(START)


@pytest.fixture
def fleet(make_client, clock):
    """nginx on nas and web (web dismissed), redis on nas, app on an old host
    that stopped reporting ten days ago."""
    client = make_client(clock=clock)
    receive(client, clock, APP, "old", days=0)
    receive(client, clock, NGINX, "web", days=10)
    receive(client, clock, NGINX, "nas", days=0.1)
    receive(client, clock, REDIS, "nas", days=0.1)
    assert (
        client.simulate_patch(f"/api/updates/{quote(NGINX, safe='')}?host=web").status
        == "204 No Content"
    )
    return client


def receive(client, clock: HandClock, image: str, host: str, days: float) -> None:
    clock.now += timedelta(days=days)
    body = {"image": image, "hostname": host, "status": "new", "digest": f"sha256:{host}"}
    response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200


def test_the_summary_counts_pending_and_dismissed_updates_by_host(fleet, clock):
    summary = fleet.simulate_get("/api/summary").json

    assert summary["pending"] == 3
    assert summary["dismissed"] == 1
    assert summary["hosts"] == 3
    assert summary["stale_hosts"] == 1  # "old" last reported 10.2 days ago (STALE_AFTER 7d)
    assert summary["last_received_at"] == format_utc(clock.now)
    assert summary["by_host"] == [
        {"host": "nas", "pending": 2, "last_seen": format_utc(clock.now), "stale": False},
        {
            "host": "old",
            "pending": 1,
            "last_seen": format_utc(START),
            "stale": True,
        },
        {
            "host": "web",
            "pending": 0,
            "last_seen": format_utc(START + timedelta(days=10)),
            "stale": False,
        },
    ]


def test_items_are_the_pending_updates_newest_first_with_a_link_to_the_page(fleet):
    items = fleet.simulate_get("/api/summary").json["items"]

    assert [(item["host"], item["image"]) for item in items] == [
        ("nas", REDIS),
        ("nas", NGINX),
        ("old", APP),
    ]
    assert items[0]["status"] == "new"
    assert items[0]["url"] == f"http://falconframework.org/?image={quote(REDIS, safe='')}"
    assert len({item["id"] for item in items}) == 3


def test_the_links_go_to_public_url_when_it_is_set(make_client, clock):
    client = make_client(clock=clock, public_url="https://diun.example.com/dash")
    receive(client, clock, NGINX, "nas", days=0)

    item = client.simulate_get("/api/summary").json["items"][0]

    assert item["url"] == f"https://diun.example.com/dash/?image={quote(NGINX, safe='')}"


def test_host_narrows_every_count_and_item_to_that_host(fleet):
    summary = fleet.simulate_get("/api/summary", query_string="host=nas").json

    assert (summary["pending"], summary["dismissed"], summary["hosts"]) == (2, 0, 1)
    assert [each["host"] for each in summary["by_host"]] == ["nas"]
    assert {item["host"] for item in summary["items"]} == {"nas"}


def test_an_unknown_host_has_nothing_to_count(fleet):
    summary = fleet.simulate_get("/api/summary", query_string="host=nowhere").json

    assert summary == {
        "pending": 0,
        "dismissed": 0,
        "hosts": 0,
        "stale_hosts": 0,
        "last_received_at": None,
        "by_host": [],
        "items": [],
    }


def test_limit_chooses_how_many_items_ten_by_default_a_hundred_at_most(make_client, clock):
    client = make_client(clock=clock)
    for n in range(120):
        receive(client, clock, f"registry.example/app-{n}:1", "nas", days=0.001)

    def items(query: str | None) -> int:
        return len(client.simulate_get("/api/summary", query_string=query).json["items"])

    assert items(None) == 10
    assert items("limit=0") == 0
    assert items("limit=100") == 100
    assert client.simulate_get("/api/summary", query_string="limit=101").status_code == 400
    assert client.simulate_get("/api/summary", query_string="limit=x").status_code == 400


def test_a_bad_host_is_a_400(client):
    response = client.simulate_get("/api/summary", query_string="host=%01")

    assert response.status_code == 400


def test_the_summary_follows_a_dismissal_at_once(fleet):
    before = fleet.simulate_get("/api/summary").json["pending"]
    fleet.simulate_patch(f"/api/updates/{quote(REDIS, safe='')}")

    assert fleet.simulate_get("/api/summary").json["pending"] == before - 1


def test_a_snoozed_update_and_the_connection_test_are_not_pending_until_the_snooze_ends(
    make_client, clock
):
    client = make_client(clock=clock)
    receive(client, clock, NGINX, "nas", days=0)
    receive(client, clock, REDIS, "nas", days=0)
    receive(client, clock, "docker.io/diun/testnotif:latest", "nas", days=0)
    until = format_utc(START + timedelta(days=1))
    snooze = client.simulate_patch(f"/api/updates/{quote(NGINX, safe='')}", json={"until": until})
    assert snooze.status_code == 204

    def pending() -> tuple[int, int, list[str]]:
        summary = client.simulate_get("/api/summary").json
        (host,) = client.simulate_get("/api/hosts").json
        containers = client.simulate_get("/api/containers").json
        available = sorted(each["image"]["name"] for each in containers if each["updateAvailable"])
        return summary["pending"], host["pending"], available

    assert pending() == (1, 1, ["redis"])
    clock.now = START + timedelta(days=1)  # the snooze ends: no request, no event
    assert pending() == (2, 2, ["nginx", "redis"])
