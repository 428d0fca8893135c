"""GET /api/updates?as_of=...: the updates as they stood at a past position or time."""

from urllib.parse import quote

import pytest
from freezegun import freeze_time

from diundash.projections.rebuild import rebuild_read_tables
from diundash.projections.snapshots import nearest_snapshot
from tests.helpers import SECRET

NGINX = "docker.io/library/nginx:1.25"
REDIS = "docker.io/library/redis:7"
STEPS = [
    ("POST", "/webhook", {"image": NGINX, "status": "new", "digest": "sha256:a"}),
    ("POST", "/api/tags", {"name": "production"}),
    ("PUT", "/api/tag-assignments", {"image": NGINX, "tag_id": 1}),
    ("POST", "/webhook", {"image": REDIS, "status": "new"}),
    ("PATCH", f"/api/updates/{quote(NGINX, safe='')}", None),
    ("POST", "/webhook", {"image": NGINX, "status": "update", "digest": "sha256:b"}),
    ("DELETE", "/api/tags/1", None),
    ("POST", "/api/dismissals", {}),
]


@pytest.fixture
def snapshots(client):
    """What the live API answered after each step, keyed by log position."""
    seen = {0: client.simulate_get("/api/updates").json}
    for hour, (method, path, body) in enumerate(STEPS, start=1):
        with freeze_time(f"2026-05-01T{hour:02d}:00:00Z"):
            client.simulate_request(method, path, json=body, headers={"Authorization": SECRET})
        position = client.simulate_get("/healthz").json["projection_position"]
        seen[position] = client.simulate_get("/api/updates").json
    return seen


def test_as_of_each_position_equals_what_the_live_api_answered_then(client, snapshots):
    # The bulk dismissal of two images is two events in one transaction: no 8.
    assert list(snapshots) == [0, 1, 2, 3, 4, 5, 6, 7, 9]
    for position, then in snapshots.items():
        response = client.simulate_get("/api/updates", params={"as_of": str(position)})

        assert response.status_code == 200
        assert response.json == then, f"as_of={position}"
        assert response.headers["X-As-Of-Position"] == str(position)


@pytest.mark.parametrize(
    ("as_of", "position"),
    [
        ("2026-05-01T00:59:59Z", 0),
        ("2026-05-01T01:00:00Z", 1),
        ("2026-05-01T03:30:00Z", 3),
        ("2026-05-01T05:30:00+02:00", 3),  # 03:30 UTC
        ("2026-05-01T06:00:00.000000001Z", 6),
        ("2030-01-01T00:00:00Z", 9),
    ],
)
def test_as_of_a_time_is_the_last_event_recorded_by_then(client, snapshots, as_of, position):
    response = client.simulate_get("/api/updates", params={"as_of": as_of})

    assert response.headers["X-As-Of-Position"] == str(position)
    assert response.json == snapshots[position]


def test_as_of_does_not_touch_the_live_tables(client, snapshots):
    client.simulate_get("/api/updates", params={"as_of": "2"})

    assert client.simulate_get("/api/updates").json == snapshots[9]


@pytest.mark.parametrize(
    "as_of",
    [
        "",
        "-1",
        "1.5",
        "²",
        "yesterday",
        "2026-05-01",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
    ],
)
def test_bad_as_of_is_400(client, snapshots, as_of):
    response = client.simulate_get("/api/updates", params={"as_of": as_of})

    assert response.status_code == 400
    assert "as_of" in response.json["description"]


@pytest.mark.parametrize("as_of", ["10", "99", "9" * 5000])
def test_as_of_a_position_past_the_end_of_the_log_is_404(client, snapshots, as_of):
    # The OpenAPI document allows any digits: a position the log has not
    # reached is a missing thing (404), not a malformed request (400).
    response = client.simulate_get("/api/updates", params={"as_of": as_of})

    assert response.status_code == 404
    assert response.json["description"].endswith("is past the end of the log (9)")


def test_as_of_folds_forward_from_the_snapshots_a_replay_wrote(
    client, snapshots, open_db, settings
):
    db = open_db(settings.database)
    rebuild_read_tables(db, snapshot_every=3)
    rebuild_read_tables(db, snapshot_every=2)  # drops the first replay's snapshots

    stored = db.execute_sql("SELECT position FROM read_model_snapshots ORDER BY position")
    assert [position for (position,) in stored] == [2, 4, 6, 8]
    assert nearest_snapshot(db, 5).position == 4
    assert nearest_snapshot(db, 1).position == 0
    for position, then in snapshots.items():
        response = client.simulate_get("/api/updates", params={"as_of": str(position)})

        assert response.json == then, f"as_of={position}"


def test_webhooks_store_no_snapshot(client, snapshots, open_db, settings):
    # A snapshot reads every table: never inside a webhook's transaction.
    db = open_db(settings.database)

    assert db.execute_sql("SELECT count(*) FROM read_model_snapshots").fetchone() == (0,)


def test_snapshots_are_taken_every_so_many_events_or_a_quarter_of_the_entries(
    client, open_db, settings
):
    # Bounded by events: with a big state, as_of folds at most a quarter of
    # its entries' count in events (snapshots hold no bodies: small enough).
    images = [f"example.org/app{n}:1" for n in range(12)]
    answers = {}
    for position, image in enumerate(images, start=1):
        client.simulate_post("/webhook", json={"image": image}, headers={"Authorization": SECRET})
        answers[position] = client.simulate_get("/api/updates").json
    db = open_db(settings.database)

    rebuild_read_tables(db, snapshot_every=1)

    # From 8 entries on, a quarter of them (2) is more than every (1).
    stored = db.execute_sql("SELECT position FROM read_model_snapshots ORDER BY position")
    assert [position for (position,) in stored] == [1, 2, 3, 4, 5, 6, 7, 9, 11]
    for position, then in answers.items():
        response = client.simulate_get("/api/updates", params={"as_of": str(position)})

        assert response.json == then, f"as_of={position}"


def test_a_replay_keeps_the_snapshots_it_would_take_again(client, snapshots, open_db, settings):
    # The log only grows, so a snapshot of this format stays true: a second
    # replay stores none of them anew, and drops those of another format.
    db = open_db(settings.database)
    rebuild_read_tables(db, snapshot_every=2)
    db.execute_sql("UPDATE read_model_snapshots SET state = state || ' ' WHERE position = 4")
    db.execute_sql("INSERT INTO read_model_snapshots (position, format, state) VALUES (5, 0, '{}')")

    rebuild_read_tables(db, snapshot_every=2)

    stored = db.execute_sql("SELECT position, state FROM read_model_snapshots ORDER BY position")
    kept = {position: state for position, state in stored}
    assert list(kept) == [2, 4, 6, 8]
    assert kept[4].endswith(" "), "the snapshot at 4 was written again"
    for position, then in snapshots.items():
        response = client.simulate_get("/api/updates", params={"as_of": str(position)})

        assert response.json == then, f"as_of={position}"
