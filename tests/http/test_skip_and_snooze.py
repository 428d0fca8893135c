"""Stop asking twice: the same build sent again stays dismissed (skip this
build), and a snooze acknowledges an update until a time, after which it is
pending again by itself (its ETag changes at that moment)."""

import copy
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest

from tests.helpers import SECRET, HandClock, diun_request, log_rows, read_table_rows

APP = "127.0.0.1:5000/demo/app:1.0"
START = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> HandClock:
    return HandClock(START)


@pytest.fixture
def api(make_client, clock):
    return make_client(clock=clock)


def send(api, name: str, **changes) -> None:
    body = {**copy.deepcopy(diun_request(name)["body"]), **changes}
    response = api.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
    assert response.status_code == 200


def entry(api, host: str | None = None) -> dict:
    query = None if host is None else f"host={quote(host)}"
    return api.simulate_get("/api/updates", query_string=query).json[APP]


def patch(api, body=None, host: str | None = None, **kwargs):
    query = None if host is None else f"host={quote(host)}"
    return api.simulate_patch(
        f"/api/updates/{quote(APP, safe='')}", query_string=query, json=body, **kwargs
    )


def events(database: str) -> list[str]:
    return [row[1] for row in log_rows(database)]


# Skip this build.


def test_the_same_digest_again_stays_dismissed_and_is_still_logged(api, database, clock):
    send(api, "02-A1-app-1.0-new.json")
    assert patch(api).status_code == 204
    dismissed_at = entry(api)["acknowledged_at"]

    clock.now += timedelta(days=1)
    send(api, "02-A1-app-1.0-new.json")  # DIUN's database was reset: the same build again

    again = entry(api)
    assert again["acknowledged"] is True
    assert again["acknowledged_at"] == dismissed_at
    assert again["received_at"] == "2026-03-24T10:00:00.000000Z"  # the receipt is recorded
    assert events(database) == ["UpdateReceived", "UpdateDismissed", "UpdateReceived"]
    history = api.simulate_get("/api/events", params={"image": APP}).json["events"]
    assert [e["type"] for e in history][-1] == "UpdateReceived"


def test_a_different_digest_reopens_it(api):
    send(api, "02-A1-app-1.0-new.json")
    patch(api)
    send(api, "03-A3-app-1.0-update.json")  # a new build of the same tag

    assert entry(api)["acknowledged"] is False
    assert entry(api)["acknowledged_at"] is None


def test_the_same_build_on_another_host_is_that_hosts_own(api):
    send(api, "02-A1-app-1.0-new.json", hostname="web-1")
    send(api, "02-A1-app-1.0-new.json", hostname="web-2")
    patch(api, host="web-1")

    send(api, "02-A1-app-1.0-new.json", hostname="web-1")
    send(api, "02-A1-app-1.0-new.json", hostname="web-2")

    states = {h["hostname"]: h["acknowledged"] for h in entry(api)["hosts"]}
    assert states == {"web-1": True, "web-2": False}


def test_a_body_without_digest_always_reopens(api):
    send(api, "02-A1-app-1.0-new.json", digest="")
    patch(api)
    send(api, "02-A1-app-1.0-new.json", digest="")

    assert entry(api)["acknowledged"] is False


def test_every_host_dismissed_and_the_same_build_again_keeps_the_go_row_acknowledged(api, database):
    send(api, "02-A1-app-1.0-new.json")
    patch(api)
    send(api, "02-A1-app-1.0-new.json")

    (row,) = [r for r in read_table_rows(database)["updates"] if r[0] == APP]
    assert row[-2] is not None  # DiunDashboard's acknowledged_at column


def test_the_cli_history_says_it_stays_dismissed(api, database, capsys):
    from diundash.cli import main

    send(api, "02-A1-app-1.0-new.json")
    patch(api)
    send(api, "02-A1-app-1.0-new.json")
    send(api, "03-A3-app-1.0-update.json")

    assert main(["history", "--db", database, APP]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].endswith("received again, stays dismissed")
    assert "stays" not in lines[3]


# Snooze.


def test_a_snooze_acknowledges_until_then_and_is_pending_again_by_itself(api, database, clock):
    send(api, "02-A1-app-1.0-new.json")

    assert patch(api, {"until": "2026-03-24T10:00:00+02:00"}).status_code == 204

    snoozed = entry(api)
    assert snoozed["acknowledged"] is True
    assert snoozed["acknowledged_at"] == "2026-03-23T10:00:00.000000Z"
    assert snoozed["snoozed_until"] == "2026-03-24T08:00:00.000000Z"
    assert snoozed["hosts"][0]["snoozed_until"] == "2026-03-24T08:00:00.000000Z"
    etag = api.simulate_get("/api/updates").headers["ETag"]
    assert api.simulate_get("/api/updates", headers={"If-None-Match": etag}).status_code == 304

    clock.now = datetime(2026, 3, 24, 8, 0, tzinfo=UTC)  # the snooze ends: no request, no event

    assert api.simulate_get("/api/updates", headers={"If-None-Match": etag}).status_code == 200
    pending = entry(api)
    assert pending["acknowledged"] is False
    assert pending["acknowledged_at"] is None
    assert pending["snoozed_until"] is None
    assert events(database) == ["UpdateReceived", "UpdateSnoozed"]
    hosts = api.simulate_get("/api/hosts").json
    assert hosts[0]["pending"] == 1


def test_the_snooze_is_an_event_with_its_end(api, database):
    send(api, "02-A1-app-1.0-new.json", hostname="web-1")
    patch(api, {"until": "2026-03-30T00:00:00Z"}, host="web-1")

    (snoozed,) = api.simulate_get("/api/events", params={"type": "UpdateSnoozed"}).json["events"]
    assert snoozed["data"] == {
        "image": APP,
        "snoozed_at": "2026-03-23T10:00:00.000000Z",
        "until": "2026-03-30T00:00:00.000000Z",
        "host": "web-1",
    }


@pytest.mark.parametrize("body", [None, {}, {"until": None}, {"other": 1}])
def test_no_until_dismisses_as_the_go_service_does(api, database, body):
    send(api, "02-A1-app-1.0-new.json")

    assert patch(api, body).status_code == 204

    assert entry(api)["acknowledged"] is True
    assert entry(api)["snoozed_until"] is None
    assert events(database)[-1] == "UpdateDismissed"


@pytest.mark.parametrize(
    "body",
    [
        {"until": "2026-03-23T09:59:59Z"},  # the past
        {"until": "2026-03-23T10:00:00Z"},  # now: not later
        {"until": "tomorrow"},
        {"until": 1774260000},
        {"until": ""},
    ],
)
def test_an_until_in_the_past_or_unreadable_is_a_400_and_changes_nothing(api, database, body):
    send(api, "02-A1-app-1.0-new.json")
    before = (log_rows(database), read_table_rows(database))

    response = patch(api, body)

    assert response.status_code == 400
    assert "until" in response.json["description"]
    assert (log_rows(database), read_table_rows(database)) == before


def test_a_body_that_is_no_json_object_is_a_400(api, database):
    send(api, "02-A1-app-1.0-new.json")
    response = api.simulate_patch(f"/api/updates/{quote(APP, safe='')}", body=b"{not json")
    assert response.status_code == 400
    assert events(database) == ["UpdateReceived"]


def test_dismissing_a_snoozed_update_dismisses_it_for_good(api, clock):
    send(api, "02-A1-app-1.0-new.json")
    patch(api, {"until": "2026-03-24T00:00:00Z"})
    clock.now += timedelta(hours=1)
    patch(api)

    clock.now += timedelta(days=2)
    assert entry(api)["acknowledged"] is True
    assert entry(api)["acknowledged_at"] == "2026-03-23T11:00:00.000000Z"


def test_a_snooze_leaves_a_dismissed_host_dismissed(api, clock):
    send(api, "02-A1-app-1.0-new.json", hostname="web-1")
    send(api, "02-A1-app-1.0-new.json", hostname="web-2")
    patch(api, host="web-1")
    patch(api, {"until": "2026-03-24T00:00:00Z"})

    clock.now += timedelta(days=2)
    states = {h["hostname"]: h["acknowledged"] for h in entry(api)["hosts"]}
    assert states == {"web-1": True, "web-2": False}


def test_the_same_build_again_keeps_a_snooze_and_another_ends_it(api, clock):
    send(api, "02-A1-app-1.0-new.json")
    patch(api, {"until": "2026-03-25T00:00:00Z"})
    send(api, "02-A1-app-1.0-new.json")
    assert entry(api)["snoozed_until"] == "2026-03-25T00:00:00.000000Z"

    send(api, "03-A3-app-1.0-update.json")
    assert entry(api)["acknowledged"] is False
    assert entry(api)["snoozed_until"] is None


def test_an_image_is_snoozed_until_its_first_hosts_snooze_ends(api, clock):
    send(api, "02-A1-app-1.0-new.json", hostname="web-1")
    send(api, "02-A1-app-1.0-new.json", hostname="web-2")
    patch(api, {"until": "2026-03-30T00:00:00Z"}, host="web-1")
    patch(api, {"until": "2026-03-25T00:00:00Z"}, host="web-2")

    assert entry(api)["snoozed_until"] == "2026-03-25T00:00:00.000000Z"
    clock.now = datetime(2026, 3, 26, tzinfo=UTC)
    assert entry(api)["acknowledged"] is False
    assert entry(api)["snoozed_until"] is None
    assert entry(api)["hosts"][0]["snoozed_until"] == "2026-03-30T00:00:00.000000Z"


def test_bulk_snooze_takes_the_pending_ones_and_says_which(api, clock):
    redis = "docker.io/library/redis:7.4"
    send(api, "02-A1-app-1.0-new.json")
    send(api, "02-A1-app-1.0-new.json", image=redis)
    send(api, "01-T-notif-test-new.json")  # a connection test: never pending
    patch(api)  # APP is dismissed: not pending

    response = api.simulate_post("/api/dismissals", json={"until": "2026-04-01T00:00:00Z"})

    assert response.json == {"dismissed": [redis]}
    later = api.simulate_get("/api/updates").json[redis]
    assert later["snoozed_until"] == "2026-04-01T00:00:00.000000Z"
    clock.now = datetime(2026, 4, 2, tzinfo=UTC)
    again = api.simulate_post("/api/dismissals", json={"until": "2026-04-03T00:00:00Z"})
    assert again.json == {"dismissed": [redis]}  # pending again


def test_bulk_snooze_into_the_past_is_a_400(api, database):
    send(api, "02-A1-app-1.0-new.json")
    response = api.simulate_post("/api/dismissals", json={"until": "2020-01-01T00:00:00Z"})
    assert response.status_code == 400
    assert events(database) == ["UpdateReceived"]


def test_time_travel_shows_a_snooze_as_it_stood_then(api, clock):
    send(api, "02-A1-app-1.0-new.json")
    patch(api, {"until": "2026-03-24T00:00:00Z"})

    during = api.simulate_get("/api/updates", params={"as_of": "2026-03-23T12:00:00Z"}).json
    after = api.simulate_get("/api/updates", params={"as_of": "2026-03-24T12:00:00Z"}).json
    assert during[APP]["acknowledged"] is True
    assert after[APP]["acknowledged"] is False
