"""GET /api/insights: what only the log can tell, over a window of days up
to now or up to ``as_of``; the same numbers whether the log is folded from
its start or from a snapshot of the read model."""

from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from diundash.clock import format_utc
from diundash.projections.rebuild import rebuild_read_tables
from tests.helpers import SECRET, HandClock

NGINX = "docker.io/library/nginx:1.25"
REDIS = "docker.io/library/redis:7"
APP = "ghcr.io/acme/app:2"
# A Monday, so weeks line up with days.
START = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)
HOUR, DAY = 3600.0, 86400.0


@pytest.fixture
def clock() -> HandClock:
    return HandClock(START)


def receive(client, image: str, host: str, digest: str = "sha256:1") -> None:
    body = {"image": image, "hostname": host, "digest": digest}
    response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200


def dismiss(client, image: str, host: str | None = None) -> None:
    query = "" if host is None else f"?host={host}"
    assert client.simulate_patch(f"/api/updates/{quote(image, safe='')}{query}").status_code == 204


@pytest.fixture
def history(make_client, clock):
    """Four weeks of a small fleet (positions in comments).

    week 1: nginx on nas and web (1, 2); redis on nas (3); nginx dismissed on
            web after 2 hours (4)
    week 2: nginx dismissed on nas after 7 days 2 hours (5); redis again, a
            newer digest: its wait starts again (6)
    week 3: app on web (7); redis dismissed 10 days after (6) (8)
    week 4: nginx on nas, newer (9); now is 3 days later
    """
    client = make_client(clock=clock)
    receive(client, NGINX, "nas")
    receive(client, NGINX, "web")
    receive(client, REDIS, "nas")
    clock.now += timedelta(hours=2)
    dismiss(client, NGINX, "web")
    clock.now = START + timedelta(days=7, hours=2)
    dismiss(client, NGINX, "nas")
    receive(client, REDIS, "nas", "sha256:2")
    clock.now = START + timedelta(days=14)
    receive(client, APP, "web")
    clock.now = START + timedelta(days=17, hours=2)
    dismiss(client, REDIS)
    clock.now = START + timedelta(days=21)
    receive(client, NGINX, "nas", "sha256:2")
    clock.now = START + timedelta(days=24)
    return client


def insights(client, query: str = "days=28") -> dict:
    response = client.simulate_get("/api/insights", query_string=query)
    assert response.status_code == 200, response.text
    return dict(response.json)


def test_updates_received_and_resolved_per_week(history):
    found = insights(history)

    assert found["weeks"] == [
        {"week": "2026-08-31", "received": 0, "resolved": 0},
        {"week": "2026-09-07", "received": 3, "resolved": 1},
        {"week": "2026-09-14", "received": 1, "resolved": 1},
        {"week": "2026-09-21", "received": 1, "resolved": 1},
        {"week": "2026-09-28", "received": 1, "resolved": 0},
    ]
    assert (found["received"], found["resolved"]) == (6, 3)
    assert found["since"] == format_utc(START - timedelta(days=4))
    assert found["as_of"] == format_utc(START + timedelta(days=24))
    assert found["position"] == 9


def test_time_from_receipt_to_dismissal_median_and_90th_percentile_per_host(history):
    found = insights(history)
    nas_nginx, web_nginx, redis = 7 * DAY + 2 * HOUR, 2 * HOUR, 10 * DAY

    assert found["wait"] == {
        "resolved": 3,
        "median_seconds": nas_nginx,
        "p90_seconds": redis,
    }
    assert found["wait_by_host"] == [
        {"host": "nas", "resolved": 2, "median_seconds": nas_nginx, "p90_seconds": redis},
        {"host": "web", "resolved": 1, "median_seconds": web_nginx, "p90_seconds": web_nginx},
    ]


def test_the_oldest_pending_updates_and_the_hosts_ranked_by_lag(history):
    found = insights(history)

    assert found["oldest_pending"] == [
        {
            "host": "web",
            "image": APP,
            "received_at": format_utc(START + timedelta(days=14)),
            "age_seconds": 10 * DAY,
        },
        {
            "host": "nas",
            "image": NGINX,
            "received_at": format_utc(START + timedelta(days=21)),
            "age_seconds": 3 * DAY,
        },
    ]
    assert [(host["host"], host["lag_seconds"], host["pending"]) for host in found["hosts"]] == [
        ("web", 10 * DAY, 1),
        ("nas", 3 * DAY, 1),
    ]
    assert found["hosts"][1]["median_wait_seconds"] == 7 * DAY + 2 * HOUR


def test_the_repositories_that_change_most(history):
    assert insights(history)["repositories"] == [
        {"repository": "nginx", "updates": 3},
        {"repository": "redis", "updates": 2},
        {"repository": "ghcr.io/acme/app", "updates": 1},
    ]


def test_a_shorter_window_counts_only_its_days(history):
    found = insights(history, "days=7")

    assert (found["received"], found["resolved"]) == (1, 1)  # nginx received, redis resolved
    assert found["wait"]["median_seconds"] == 10 * DAY
    assert found["repositories"] == [{"repository": "nginx", "updates": 1}]
    assert len(found["oldest_pending"]) == 2  # pending is the state, whatever the window


def test_as_of_a_position_shows_the_insights_of_that_moment(history):
    found = insights(history, "days=28&as_of=4")

    assert found["position"] == 4
    assert found["as_of"] == format_utc(START + timedelta(hours=2))
    assert (found["received"], found["resolved"]) == (3, 1)
    assert [(each["host"], each["image"]) for each in found["oldest_pending"]] == [
        ("nas", NGINX),
        ("nas", REDIS),
    ]


def test_as_of_a_time_ends_the_window_then(history):
    moment = START + timedelta(days=15)
    found = insights(history, f"days=28&as_of={format_utc(moment)}")

    assert found["as_of"] == format_utc(moment)
    assert found["position"] == 7
    assert found["resolved"] == 2


def test_a_snapshot_of_the_read_model_gives_the_same_insights(history, settings, open_db):
    before = [insights(history, query) for query in ("days=28", "days=7", "days=3&as_of=6")]

    rebuild_read_tables(open_db(settings.database), snapshot_every=2)

    assert [insights(history, query) for query in ("days=28", "days=7", "days=3&as_of=6")] == (
        before
    )


def test_a_reported_deployment_ends_a_wait_as_a_dismissal_does(make_client, clock):
    client = make_client(clock=clock)
    receive(client, NGINX, "nas")
    receive(client, REDIS, "nas")
    clock.now += timedelta(hours=5)
    body = {"image": NGINX, "host": "nas"}
    assert client.simulate_post("/api/deployments", json=body).status_code == 200
    clock.now += timedelta(hours=1)

    found = insights(client, "days=7")

    assert found["resolved"] == 1
    assert found["wait"] == {"resolved": 1, "median_seconds": 5 * HOUR, "p90_seconds": 5 * HOUR}
    assert [(each["image"], each["host"]) for each in found["oldest_pending"]] == [(REDIS, "nas")]


def test_an_empty_log_has_empty_insights(client):
    found = insights(client, "days=14")

    assert (found["received"], found["resolved"], found["position"]) == (0, 0, 0)
    assert found["wait"] == {"resolved": 0, "median_seconds": None, "p90_seconds": None}
    assert found["oldest_pending"] == found["hosts"] == found["repositories"] == []
    assert all(week["received"] == week["resolved"] == 0 for week in found["weeks"])


def test_days_default_to_ninety(client):
    assert insights(client, "")["days"] == 90


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("days=0", 400),
        ("days=3651", 400),
        ("days=x", 400),
        ("as_of=yesterday", 400),
        ("as_of=99", 404),
        ("as_of=0001-01-01T00:00:00Z", 200),
        ("as_of=9999-12-31T23:59:59Z&days=3650", 200),
    ],
)
def test_bad_parameters_are_refused_and_extreme_moments_answered(client, query, status):
    assert client.simulate_get("/api/insights", query_string=query).status_code == status


def test_the_build_it_was_dismissed_with_again_starts_no_wait(make_client, clock):
    client = make_client(clock=clock)
    receive(client, NGINX, "nas")
    clock.now += timedelta(hours=2)
    dismiss(client, NGINX)
    clock.now += timedelta(days=1)
    receive(client, NGINX, "nas")  # DIUN again, the same digest: it stays dismissed
    receive(client, "docker.io/diun/testnotif:latest", "nas")  # a connection test
    clock.now += timedelta(days=3)
    dismiss(client, NGINX)  # changes nothing

    found = insights(client)
    assert found["wait"]["resolved"] == 1
    assert found["wait"]["median_seconds"] == 2 * HOUR
    assert found["oldest_pending"] == []
    receive(client, NGINX, "nas", digest="sha256:2")  # a new build waits again
    assert [each["image"] for each in insights(client)["oldest_pending"]] == [NGINX]
