"""Is each DIUN alive? The heartbeat job reads each host's DIUN metrics (a
real HTTP server on loopback serves DIUN's own metrics text), shows its last
check in ``GET /api/hosts``, and records only changes of state: HostSilent
once the last check (or the last readable metrics) is older than
SILENT_AFTER, HostBack once it checks again; once, however many instances."""

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import falcon.testing
import pytest

from diundash.app import Service, create_service
from diundash.clock import format_utc
from diundash.config import Settings
from diundash.config.endpoints import Endpoint
from diundash.config.heartbeat import HeartbeatSettings
from diundash.heartbeat.job import HeartbeatJob
from tests.helpers import SECRET, HandClock, log_rows
from tests.stand_ins import StandIn, stand_in

T0 = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


@pytest.fixture
def diun() -> Iterator[StandIn]:
    with stand_in() as server:
        yield server


@pytest.fixture
def start(settings: Settings, open_db, diun) -> Callable[..., tuple[Service, Any, HandClock]]:
    """A service whose heartbeat reads ``diun`` as the host nas; another
    call starts another instance on the same database."""

    def started(**overrides: Any) -> tuple[Service, Any, HandClock]:
        source = Endpoint("GET", diun.url("/metrics"), (("Authorization", "Bearer diun-token"),))
        heartbeat = HeartbeatSettings({"nas": source}, timedelta(minutes=5), DAY)
        chosen = Settings(**{**settings.__dict__, "heartbeat": heartbeat, **overrides})
        clock = HandClock(T0)
        service = create_service(chosen, clock=clock, db=open_db(chosen.database))
        return service, falcon.testing.TestClient(service.app), clock

    return started


def job_of(service: Service) -> HeartbeatJob:
    (job,) = service.jobs.jobs
    assert isinstance(job, HeartbeatJob)
    return job


def beat(service: Service, clock: HandClock, at: datetime) -> None:
    clock.now = at
    job_of(service).run(at)


def beat_in_a_thread(service: Service, clock: HandClock, at: datetime) -> threading.Thread:
    def run() -> None:
        try:
            beat(service, clock, at)
        finally:
            job_of(service).commands.db.close()  # this thread's connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def hosts(client) -> dict[str, dict]:
    return {h["hostname"]: h for h in client.simulate_get("/api/hosts").json}


def host_events(database: str) -> list[str]:
    return [row[1] for row in log_rows(database) if row[1] in ("HostSilent", "HostBack")]


def test_a_diun_that_checked_recently_shows_its_last_check_and_nothing_is_recorded(
    start, diun, database
):
    service, client, clock = start()
    diun.serve_metrics(last_run=(T0 - HOUR).timestamp())

    beat(service, clock, T0)

    nas = hosts(client)["nas"]
    assert nas["heartbeat"] is True
    assert nas["last_check_at"] == format_utc(T0 - HOUR)
    assert (nas["silent_since"], nas["silent_reason"], nas["stale"]) == (None, None, False)
    assert (nas["images"], nas["last_seen"], nas["diun_version"]) == (0, None, "1.2.3")
    assert diun.received[0].headers["authorization"] == "Bearer diun-token"
    assert log_rows(database) == []


def test_a_last_check_older_than_silent_after_makes_the_host_silent_once(start, diun, database):
    service, client, clock = start()
    last_run = T0 - DAY - HOUR
    diun.serve_metrics(last_run=last_run.timestamp())

    beat(service, clock, T0)
    beat(service, clock, T0 + timedelta(minutes=5))

    assert host_events(database) == ["HostSilent"]
    nas = hosts(client)["nas"]
    assert nas["silent_since"] == format_utc(last_run)
    assert nas["silent_reason"] == f"no DIUN watch run since {format_utc(last_run)}"
    assert nas["stale"] is True
    (event,) = client.simulate_get("/api/events", params={"type": "HostSilent"}).json["events"]
    assert event["data"]["hostname"] == "nas"
    assert event["audit"]["source"] == "job"


def test_a_silent_host_is_back_when_its_diun_checks_again(start, diun, database):
    service, client, clock = start()
    diun.serve_metrics(last_run=(T0 - 2 * DAY).timestamp())
    beat(service, clock, T0)

    diun.serve_metrics(last_run=(T0 + HOUR).timestamp())
    beat(service, clock, T0 + HOUR + timedelta(minutes=1))
    beat(service, clock, T0 + 2 * HOUR)

    assert host_events(database) == ["HostSilent", "HostBack"]
    nas = hosts(client)["nas"]
    assert (nas["silent_since"], nas["stale"]) == (None, False)
    assert nas["last_check_at"] == format_utc(T0 + HOUR)


def test_metrics_unreadable_for_silent_after_make_the_host_silent(start, diun, database):
    service, client, clock = start()
    diun.answer(500, "boom")

    beat(service, clock, T0)
    beat(service, clock, T0 + 23 * HOUR)
    assert host_events(database) == []

    beat(service, clock, T0 + DAY + HOUR)
    assert host_events(database) == ["HostSilent"]
    reason = hosts(client)["nas"]["silent_reason"]
    assert reason == (
        f"its metrics could not be read since {format_utc(T0)}: "
        "the metrics URL answered HTTP 500 Internal Server Error"
    )


def test_a_wrong_bearer_token_says_so(start, diun):
    service, client, clock = start()
    diun.answer(401, "Unauthorized")

    beat(service, clock, T0)
    beat(service, clock, T0 + 2 * DAY)

    assert "is its bearer token right?" in hosts(client)["nas"]["silent_reason"]


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("<html>a login page</html>", "not in Prometheus's text format"),
        ("# TYPE up gauge\nup 1\n", "no diun_watch_runs_total"),
    ],
)
def test_what_is_not_a_diuns_metrics_counts_as_unreadable(start, diun, body, why):
    service, client, clock = start()
    diun.answer(200, body)

    beat(service, clock, T0)
    beat(service, clock, T0 + 2 * DAY)

    assert why in hosts(client)["nas"]["silent_reason"]


def test_before_its_first_run_a_diun_is_silent_only_a_day_after_it_was_first_read(
    start, diun, database
):
    service, client, clock = start()
    diun.serve_metrics(last_run=None)

    beat(service, clock, T0)
    assert hosts(client)["nas"]["last_check_at"] is None
    beat(service, clock, T0 + 23 * HOUR)
    assert host_events(database) == []

    beat(service, clock, T0 + DAY + HOUR)
    expected = f"no DIUN watch run since diundash began reading its metrics at {format_utc(T0)}"
    assert hosts(client)["nas"]["silent_reason"] == expected


def test_a_restarted_diun_keeps_its_last_check_until_it_runs_again(start, diun):
    service, client, clock = start()
    diun.serve_metrics(last_run=(T0 - HOUR).timestamp())
    beat(service, clock, T0)

    diun.serve_metrics(last_run=None)  # restarted: no run since
    beat(service, clock, T0 + HOUR)

    assert hosts(client)["nas"]["last_check_at"] == format_utc(T0 - HOUR)


def test_what_was_read_outlives_a_restart_of_diundash(start, diun, database):
    first, _, clock = start()
    diun.answer(503)
    beat(first, clock, T0)

    second, client, clock = start()  # a new process on the same database
    beat(second, clock, T0 + DAY + HOUR)

    assert host_events(database) == ["HostSilent"]
    assert format_utc(T0) in hosts(client)["nas"]["silent_reason"]


def test_two_instances_on_one_database_record_each_change_once(start, diun, database):
    instances = [start(), start()]

    def beat_all(at: datetime) -> None:
        threads = [beat_in_a_thread(service, clock, at) for service, _, clock in instances]
        for thread in threads:
            thread.join(60)

    diun.serve_metrics(last_run=(T0 - 2 * DAY).timestamp())
    beat_all(T0)
    diun.serve_metrics(last_run=(T0 + HOUR).timestamp())
    beat_all(T0 + 2 * HOUR)

    assert host_events(database) == ["HostSilent", "HostBack"]


def test_forgetting_a_silent_host_ends_its_silence(start, diun):
    service, client, clock = start()
    diun.serve_metrics(last_run=(T0 - 2 * DAY).timestamp())
    beat(service, clock, T0)

    assert client.simulate_delete("/api/hosts/nas").status_code == 204

    assert hosts(client)["nas"]["silent_since"] is None  # still read: listed, not silent
    assert client.simulate_delete("/api/hosts/nas").status_code == 404


def test_with_metrics_an_old_webhook_is_not_stale_and_without_them_it_still_is(start, diun):
    service, client, clock = start(stale_after=timedelta(days=7))
    clock.now = T0 - 30 * DAY
    for host in ("nas", "web-1"):
        body = {"image": "docker.io/library/nginx:1.25", "hostname": host}
        response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
        assert response.status_code == 200
    diun.serve_metrics(last_run=(T0 - HOUR).timestamp())

    beat(service, clock, T0)

    listed = hosts(client)
    assert (listed["nas"]["stale"], listed["nas"]["images"]) == (False, 1)
    assert (listed["web-1"]["stale"], listed["web-1"]["heartbeat"]) == (True, False)


def test_the_job_runs_at_start_then_every_heartbeat_every(start, diun):
    service, _, _ = start()
    diun.serve_metrics(last_run=T0.timestamp())

    assert service.jobs.run_due(T0) == ["heartbeat"]
    assert service.jobs.run_due(T0 + timedelta(minutes=4)) == []
    assert service.jobs.run_due(T0 + timedelta(minutes=5)) == ["heartbeat"]
    assert len(diun.received) == 2


def test_without_heartbeat_urls_there_is_no_job(settings, open_db):
    service = create_service(settings, db=open_db(settings.database))

    assert service.jobs.jobs == []


def test_no_lock_is_held_while_the_metrics_are_read(start, diun):
    service, client, clock = start()
    diun.serve_metrics(last_run=T0.timestamp())
    diun.reply.hold = True
    reader = beat_in_a_thread(service, clock, T0)
    try:
        while not diun.received:
            assert reader.is_alive()
            threading.Event().wait(0.01)
        body = {"image": "docker.io/library/redis:7", "hostname": "nas"}
        response = client.simulate_post("/webhook", json=body, headers={"Authorization": SECRET})
        assert response.status_code == 200
        assert reader.is_alive()
    finally:
        diun.release()
        reader.join(60)
    assert hosts(client)["nas"]["last_check_at"] == format_utc(T0)
