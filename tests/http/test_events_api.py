"""GET /api/events: the audit trail, filtered and paged by position."""

from urllib.parse import quote

import pytest
from freezegun import freeze_time

from tests.databases import execute_db
from tests.helpers import SECRET

NGINX = "docker.io/library/nginx:1.25"
REDIS = "docker.io/library/redis:7"


@pytest.fixture
def history(client):
    """Six events a day apart, from 2026-03-01: receipts, a tag, a dismissal."""
    steps = [
        ("POST", "/webhook", {"image": NGINX, "status": "new", "digest": "sha256:a"}),
        ("POST", "/webhook", {"image": REDIS, "status": "new", "digest": "sha256:r"}),
        ("POST", "/api/tags", {"name": "production"}),
        ("PUT", "/api/tag-assignments", {"image": NGINX, "tag_id": 1}),
        ("POST", "/webhook", {"image": NGINX, "status": "update", "digest": "sha256:b"}),
        ("PATCH", f"/api/updates/{quote(NGINX, safe='')}", None),
    ]
    for day, (method, path, body) in enumerate(steps, start=1):
        with freeze_time(f"2026-03-{day:02d}T12:00:00Z"):
            response = client.simulate_request(
                method, path, json=body, headers={"Authorization": SECRET}
            )
            assert response.status_code < 300
    return client


def positions(response) -> list[int]:
    return [event["position"] for event in response.json["events"]]


def test_events_list_the_whole_log_oldest_first(history):
    response = history.simulate_get("/api/events")

    assert response.status_code == 200
    assert positions(response) == [1, 2, 3, 4, 5, 6]
    assert response.json["next"] is None
    assert response.json["last_position"] == 6
    first = response.json["events"][0]
    assert first == {
        "position": 1,
        "type": "UpdateReceived",
        "version": 2,
        "stored_version": 2,
        "recorded_at": "2026-03-01T12:00:00.000000Z",
        "data": {
            "body": {"image": NGINX, "status": "new", "digest": "sha256:a"},
            "received_at": "2026-03-01T12:00:00.000000Z",
        },
        "audit": {
            "source": "webhook",
            "remote_addr": first["audit"]["remote_addr"],
            "request_id": first["audit"]["request_id"],
            "actor": None,
        },
        "hash": first["hash"],
    }
    assert len(first["hash"]) == 64


def test_events_of_one_image_include_receipts_tags_and_dismissals(history):
    response = history.simulate_get("/api/events", params={"image": NGINX})

    types = [event["type"] for event in response.json["events"]]
    assert types == ["UpdateReceived", "TagAssigned", "UpdateReceived", "UpdateDismissed"]


def test_events_filter_by_type_list(history):
    response = history.simulate_get("/api/events", params={"type": "TagCreated,UpdateDismissed"})

    assert positions(response) == [3, 6]


def test_events_filter_by_time_range_since_inclusive_until_exclusive(history):
    response = history.simulate_get(
        "/api/events", params={"since": "2026-03-02T12:00:00Z", "until": "2026-03-04T12:00:00Z"}
    )

    assert positions(response) == [2, 3]


def test_until_with_nanoseconds_keeps_an_event_just_before_it(history):
    response = history.simulate_get("/api/events", params={"until": "2026-03-02T12:00:00.0000005Z"})

    assert positions(response) == [1, 2]


def test_time_filters_accept_any_offset(history):
    response = history.simulate_get("/api/events", params={"since": "2026-03-05T13:00:00+01:00"})

    assert positions(response) == [5, 6]


def test_paging_forward_with_after_follows_next(history):
    pages, params = [], {"limit": "4"}
    while True:
        response = history.simulate_get("/api/events", params=params)
        pages.append(positions(response))
        if response.json["next"] is None:
            break
        params = {"limit": "4", **{k: str(v) for k, v in response.json["next"].items()}}

    assert pages == [[1, 2, 3, 4], [5, 6]]


def test_paging_newest_first_with_before(history):
    first = history.simulate_get("/api/events", params={"order": "desc", "limit": "2"})
    second = history.simulate_get(
        "/api/events", params={"order": "desc", "limit": "2", "before": "5"}
    )

    assert positions(first) == [6, 5]
    assert first.json["next"] == {"before": 5}
    assert positions(second) == [4, 3]


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_before_0_is_an_empty_last_page_like_after_the_end(history, order):
    # Position 0 is allowed for before as for after: no event comes before it.
    response = history.simulate_get("/api/events", params={"before": "0", "order": order})

    assert response.status_code == 200
    assert (response.json["events"], response.json["next"]) == ([], None)


def test_position_range_combines_with_filters(history):
    response = history.simulate_get(
        "/api/events", params={"after": "1", "before": "6", "type": "UpdateReceived"}
    )

    assert positions(response) == [2, 5]


def test_default_limit_is_100(client):
    for n in range(105):
        client.simulate_post(
            "/webhook", json={"image": f"i/{n}:1"}, headers={"Authorization": SECRET}
        )

    response = client.simulate_get("/api/events")

    assert len(response.json["events"]) == 100
    assert response.json["next"] == {"after": 100}


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"after": "-1"}, "after"),
        ({"after": "99999999999999999999999"}, "after"),
        ({"before": "x"}, "before"),
        ({"order": "sideways"}, "order"),
        ({"type": "UpdateReceived,Nope"}, "Nope"),
        ({"since": "yesterday"}, "since"),
        ({"since": "0001-01-01T00:00:00+01:00"}, "since"),
        ({"until": "9999-12-31T23:59:59-01:00"}, "until"),
        ({"until": "2026-03-01"}, "until"),
        ({"image": " "}, "image"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(history, params, names):
    response = history.simulate_get("/api/events", params=params)

    assert response.status_code == 400
    assert names in response.json["description"] or names in response.json["title"]


def test_an_old_version_event_is_served_upcast(client, database):
    execute_db(
        database,
        "INSERT INTO events VALUES (1, 'UpdateReceived', 1, '{\"image\": \"a/b:1\"}', "
        "'2026-01-01T00:00:00.000000Z', 'webhook', NULL, NULL, NULL)",
    )

    (event,) = client.simulate_get("/api/events").json["events"]

    assert (event["version"], event["stored_version"]) == (2, 1)
    assert event["data"] == {
        "body": {"image": "a/b:1"},
        "received_at": "2026-01-01T00:00:00.000000Z",
    }
