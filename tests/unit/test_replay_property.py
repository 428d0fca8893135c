"""Replay equals live: random request sequences, then a rebuild from the log
must give the very same read tables, row for row (and the API must agree with
a simple model of what the requests meant). The requests include deployments,
updates asked of a host's hook (a stand-in on loopback, accepting or not),
the heartbeat reading its DIUN's metrics (a stand-in serving DIUN's text) and
the notifier's sends (to a receiver on loopback and to a closed port)."""

import gzip
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import falcon.testing
import orjson
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from diundash.app import create_service
from diundash.clock import format_utc
from diundash.config import Settings
from diundash.config.endpoints import Endpoint
from diundash.config.heartbeat import HeartbeatSettings
from diundash.config.hooks import HookSettings
from diundash.config.notify import NotifySettings
from diundash.events.store import last_position
from diundash.jobs import JobRunner
from diundash.projections.queries import Queries
from diundash.projections.rebuild import verify_log
from diundash.storage import open_database
from tests.conftest import BACKENDS
from tests.databases import PostgresServer
from tests.helpers import SECRET, TEST_CLIENT_HOST, SteppingClock
from tests.receivers import JsonReceiver, closed_port_url
from tests.stand_ins import StandIn

IMAGES = st.sampled_from(
    [
        "docker.io/library/nginx:1.25",
        "127.0.0.1:5000/demo/app:1.0",
        "ghcr.io/org/tool@sha256:0123456789abcdef",
        "redis",
    ]
)
HOSTS = st.sampled_from(["web-1", "web-2", "nas", ""])
NAMED_HOSTS = st.sampled_from(["web-1", "web-2", "nas", "renamed"])
TAG_NAMES = st.sampled_from(["production", "staging", "dev", " spaced ", ""])
TAG_IDS = st.integers(min_value=-1, max_value=7)
# Few digests (most of the time), so the same build comes again.
DIGESTS = st.one_of(*[st.sampled_from(["", "sha256:a", "sha256:b"])] * 3, st.text(max_size=8))
# A snooze's end: "long" never comes in a run; "short" has come by the next
# request (the clock moves a second at each read).
SNOOZES = st.sampled_from(["long", "short"])
LONG_SNOOZE = "2099-01-01T00:00:00Z"
# What the model keeps of a host's entry: pending, dismissed, snoozed (long),
# ended (a short snooze: pending again, but a snooze as stored), or deployed.
ACKNOWLEDGED_STATES = {"dismissed", "snoozed", "deployed"}
OPEN_STATES = {"pending", "snoozed", "ended"}
# Each state's resolution in the list.
RESOLUTIONS = {"pending": None, "ended": None, "dismissed": "dismissed"}
RESOLUTIONS |= {"snoozed": "snoozed", "deployed": "deployed"}
HEARTBEAT_AT = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)
BAD_BODIES = st.sampled_from(
    [b"", b"{", b"[]", b'{"image": 5}', b'{"image": ""}', b'{"image": "a", "n": NaN}']
)


class ReplayMachine(RuleBasedStateMachine):
    """A run of random requests on a fresh database: a SQLite file, or a new
    PostgreSQL database from ``postgres`` when one is given."""

    postgres: PostgresServer | None = None

    def __init__(self) -> None:
        super().__init__()
        self.workdir = Path(tempfile.mkdtemp(prefix="diundash-replay-"))
        self.target = (
            self.postgres.create_database() if self.postgres else str(self.workdir / "diun.db")
        )
        # Stand-ins for nas's update hook and its DIUN's metrics.
        self.hook, self.diun = StandIn(), StandIn()
        self.hook.start()
        self.diun.start()
        # Notifications to a receiver that takes them and one that is down:
        # sent and failed attempts, retries, batches and reminders in the log.
        self.receiver = JsonReceiver().__enter__()
        app_settings = Settings(
            webhook_secret=SECRET,
            frontend_dist=self.workdir / "none",
            synchronous="OFF",
            allowed_hosts=(TEST_CLIENT_HOST,),
            hooks=HookSettings({"nas": Endpoint("POST", self.hook.url("/update"))}),
            heartbeat=HeartbeatSettings({"nas": Endpoint("GET", self.diun.url("/metrics"))}),
            notify=NotifySettings(
                urls=(self.receiver.url(), closed_port_url()),
                new=True,
                remind_after=timedelta(days=14),
            ),
        )
        self.db = open_database(self.target, "OFF")
        self.clock = SteppingClock()
        self.service = create_service(app_settings, clock=self.clock, db=self.db)
        self.client = falcon.testing.TestClient(self.service.app)
        # Each job run by its own rule, at its own times.
        jobs = {job.name: job for job in self.service.jobs.jobs}
        self.heartbeat_job = jobs["heartbeat"]
        self.notifier_jobs = JobRunner([jobs["notify"]])
        # The model: what the accepted requests should have done. For each
        # image, each host that reported it, that host's state there (one of
        # OPEN_STATES or dismissed) and the digest it last reported.
        self.entries: dict[str, dict[str, tuple[str, str]]] = {}
        # (image, host) -> whether the last update asked of the host's hook
        # since the entry's receipt was accepted.
        self.requested: dict[tuple[str, str], bool] = {}
        self.tags: dict[int, str] = {}
        self.assigned: dict[str, int] = {}
        self.silent: set[str] = set()
        # nas's DIUN as it is read: when, and its last run.
        self.heartbeat_at = HEARTBEAT_AT
        self.last_run: datetime | None = None

    def request(self, method: str, path: str, **kwargs):
        before = last_position(self.db)
        response = self.client.simulate_request(method, path, **kwargs)
        assert response.status_code < 500 or response.status_code == 502, response.text
        # A 502 (an update hook that refused) is recorded: the hook was called.
        if 400 <= response.status_code < 500:
            assert last_position(self.db) == before, "a refused request appended events"
        return response

    @rule(
        image=IMAGES,
        host=HOSTS,
        status=st.sampled_from(["new", "update"]),
        digest=DIGESTS,
        method=st.sampled_from(["POST", "GET"]),
    )
    def webhook(self, image: str, host: str, status: str, digest: str, method: str) -> None:
        body = {"image": image, "status": status, "digest": digest, "metadata": None}
        if host:
            body["hostname"] = host
        response = self.request(method, "/webhook", json=body, headers={"Authorization": SECRET})
        assert response.status_code == 200
        hosts, digest = self.entries.setdefault(image, {}), digest.replace("\x00", "")
        state, before = hosts.get(host, ("pending", ""))
        # The same build again keeps its acknowledgement; any other reopens it.
        same_build = digest != "" and digest == before and state != "pending"
        hosts[host] = (state if same_build else "pending", digest)
        self.requested.pop((image, host), None)  # any receipt ends the request of an update

    def _acknowledged_builds(self) -> list[tuple[str, str]]:
        return [
            (image, host)
            for image, hosts in self.entries.items()
            for host, (state, digest) in hosts.items()
            if state != "pending" and digest
        ]

    @precondition(lambda self: self._acknowledged_builds())
    @rule(pick=st.integers(min_value=0), status=st.sampled_from(["new", "update"]))
    def same_build_again(self, pick: int, status: str) -> None:
        """DIUN sends an acknowledged build again (its database was reset)."""
        candidates = self._acknowledged_builds()
        image, host = candidates[pick % len(candidates)]
        self.webhook(image, host, status, self.entries[image][host][1], "POST")

    def _known(self, image: str, host: str | None) -> bool:
        return image in self.entries and (host is None or host in self.entries[image])

    def _hosts_of(self, image: str, host: str | None) -> list[str]:
        return list(self.entries[image]) if host is None else [host]

    def _acknowledge(self, image: str, host: str | None, state: str) -> None:
        """A dismissal (``dismissed``) or a snooze (``snoozed``, ``ended``)
        changes the entries that are not dismissed."""
        for each in self._hosts_of(image, host):
            before, digest = self.entries[image][each]
            if before in OPEN_STATES:
                self.entries[image][each] = (state, digest)

    @rule(image=IMAGES, host=st.none() | HOSTS)
    def forget(self, image: str, host: str | None) -> None:
        query = None if host is None else f"host={quote(host)}"
        response = self.request(
            "DELETE", f"/api/updates/{quote(image, safe='')}", query_string=query
        )
        known = self._known(image, host)
        assert response.status_code == (204 if known else 404)
        if known:
            for each in self._hosts_of(image, host):
                del self.entries[image][each]
                self.requested.pop((image, each), None)
            if not self.entries[image]:
                del self.entries[image]

    @rule(host=NAMED_HOSTS)
    def forget_host(self, host: str) -> None:
        response = self.request("DELETE", f"/api/hosts/{host}")
        images = [image for image, hosts in self.entries.items() if host in hosts]
        assert response.status_code == (204 if images or host in self.silent else 404)
        self.silent.discard(host)
        self.requested = {key: ok for key, ok in self.requested.items() if key[1] != host}
        for image in images:
            del self.entries[image][host]
            if not self.entries[image]:
                del self.entries[image]

    @rule(host=NAMED_HOSTS, new=NAMED_HOSTS)
    def rename_host(self, host: str, new: str) -> None:
        response = self.request("POST", f"/api/hosts/{host}/rename", json={"hostname": new})
        known = {each for hosts in self.entries.values() for each in hosts}
        expected = 404 if host not in known else 409 if new in known else 204
        assert response.status_code == expected
        if expected == 204:
            for hosts in self.entries.values():
                if host in hosts:
                    hosts[new] = hosts.pop(host)
            self.requested = {
                (image, new if each == host else each): ok
                for (image, each), ok in self.requested.items()
            }

    @rule(body=BAD_BODIES)
    def bad_webhook(self, body: bytes) -> None:
        response = self.request("POST", "/webhook", body=body, headers={"Authorization": SECRET})
        assert response.status_code == 400

    @rule(image=IMAGES, host=st.none() | HOSTS)
    def dismiss(self, image: str, host: str | None) -> None:
        query = None if host is None else f"host={quote(host)}"
        response = self.request(
            "PATCH", f"/api/updates/{quote(image, safe='')}", query_string=query
        )
        known = self._known(image, host)
        assert response.status_code == (204 if known else 404)
        if known:
            self._acknowledge(image, host, "dismissed")

    @rule(image=IMAGES, host=st.none() | HOSTS, snooze=SNOOZES)
    def snooze(self, image: str, host: str | None, snooze: str) -> None:
        query = None if host is None else f"host={quote(host)}"
        # The clock reads one second later in the command: "short" ends right after.
        short = format_utc(self.clock.now + timedelta(seconds=2))
        until = LONG_SNOOZE if snooze == "long" else short
        path = f"/api/updates/{quote(image, safe='')}"
        response = self.request("PATCH", path, query_string=query, json={"until": until})
        known = self._known(image, host)
        assert response.status_code == (204 if known else 404)
        if known:
            self._acknowledge(image, host, "snoozed" if snooze == "long" else "ended")

    @rule(image=IMAGES)
    def snooze_into_the_past(self, image: str) -> None:
        path = f"/api/updates/{quote(image, safe='')}"
        until = format_utc(self.clock.now)
        response = self.request("PATCH", path, json={"until": until})
        assert response.status_code == (400 if self._known(image, None) else 404)

    @rule(tag_id=st.none() | TAG_IDS, host=st.none() | HOSTS, snooze=st.booleans())
    def dismiss_all(self, tag_id: int | None, host: str | None, snooze: bool) -> None:
        body: dict[str, object] = {} if tag_id is None else {"tag_id": tag_id}
        if host is not None:
            body["host"] = host
        if snooze:
            body["until"] = LONG_SNOOZE
        response = self.request("POST", "/api/dismissals", json=body)
        if tag_id is not None and tag_id not in self.tags:
            assert response.status_code == 404
            return
        expected = sorted(
            image
            for image, hosts in self.entries.items()
            if any(
                state not in ACKNOWLEDGED_STATES
                for each, (state, _) in hosts.items()
                if host in (None, each)
            )
            and (tag_id is None or self.assigned.get(image) == tag_id)
        )
        assert response.json == {"dismissed": expected}
        for image in expected:
            self._acknowledge(image, host, "snoozed" if snooze else "dismissed")

    @rule(image=IMAGES, host=HOSTS, digest=st.sampled_from(["none", "pending", "other"]))
    def deployed(self, image: str, host: str, digest: str) -> None:
        state, held = self.entries.get(image, {}).get(host, (None, ""))
        clean = state is not None and held.isprintable() and held.strip() != ""
        if digest == "pending" and not clean:
            digest = "none"
        body = {"image": image, "host": host}
        if digest != "none":
            body["digest"] = held if digest == "pending" else "sha256:other"
        response = self.request("POST", "/api/deployments", json=body)
        if state is None:
            assert response.status_code == 404
        elif digest == "other":
            assert response.status_code == 409
        else:
            assert response.status_code == 200
            self.entries[image][host] = ("deployed", held)
            self.requested.pop((image, host), None)

    @rule(image=IMAGES, host=HOSTS, accepts=st.booleans())
    def request_update(self, image: str, host: str, accepts: bool) -> None:
        self.hook.answer(202 if accepts else 500)
        body = {"image": image, "host": host}
        response = self.request("POST", "/api/update-requests", json=body)
        if host != "nas" or not self._known(image, host):
            assert response.status_code == 404
            return
        assert response.status_code == (202 if accepts else 502)
        self.requested[image, host] = accepts

    @rule(checked_recently=st.booleans())
    def heartbeat(self, checked_recently: bool) -> None:
        # Two days pass between reads: a DIUN that did not run since is silent.
        self.heartbeat_at += 2 * DAY
        if checked_recently or self.last_run is None:
            self.last_run = self.heartbeat_at - (HOUR if checked_recently else 3 * DAY)
        self.diun.serve_metrics(last_run=self.last_run.timestamp())
        self.heartbeat_job.run(self.heartbeat_at)
        if checked_recently:
            self.silent.discard("nas")
        else:
            self.silent.add("nas")

    @rule(name=TAG_NAMES)
    def create_tag(self, name: str) -> None:
        response = self.request("POST", "/api/tags", json={"name": name})
        if not name.strip():
            assert response.status_code == 400
        elif name.strip() in self.tags.values():
            assert response.status_code == 409
        else:
            assert response.status_code == 201
            self.tags[response.json["id"]] = name.strip()

    @rule(tag_id=TAG_IDS)
    def delete_tag(self, tag_id: int) -> None:
        response = self.request("DELETE", f"/api/tags/{tag_id}")
        assert response.status_code == (204 if tag_id in self.tags else 404)
        if tag_id in self.tags:
            del self.tags[tag_id]
            self.assigned = {i: t for i, t in self.assigned.items() if t != tag_id}

    @rule(image=IMAGES, tag_id=TAG_IDS)
    def assign(self, image: str, tag_id: int) -> None:
        response = self.request(
            "PUT", "/api/tag-assignments", json={"image": image, "tag_id": tag_id}
        )
        assert response.status_code == (204 if tag_id in self.tags else 404)
        if tag_id in self.tags:
            self.assigned[image] = tag_id

    @rule(image=IMAGES)
    def unassign(self, image: str) -> None:
        response = self.request("DELETE", "/api/tag-assignments", json={"image": image})
        assert response.status_code == 204
        self.assigned.pop(image, None)

    @rule()
    def send_a_test_notification(self) -> None:
        response = self.request("POST", "/api/notifications/test")
        outcomes = [each["outcome"] for each in response.json["results"]]
        assert outcomes == ["sent", "failed"]

    @rule(later=st.sampled_from([timedelta(minutes=1), timedelta(minutes=3), timedelta(days=15)]))
    def notifier_runs(self, later: timedelta) -> None:
        self.notifier_jobs.run_due(self.clock.now + later)

    @precondition(lambda self: last_position(self.db) > 0)
    @invariant()
    def replay_gives_the_live_read_tables(self) -> None:
        assert verify_log(self.db).drifts == []

    @invariant()
    def the_served_list_is_what_the_read_tables_hold_now(self) -> None:
        # The body is built once per state and then reused: it must always be
        # what a fresh read gives, as JSON and gzipped, whole or for one host.
        for host in (None, "web-1", ""):
            query = None if host is None else f"host={quote(host)}"
            fresh = Queries(self.db, clock=self.clock).updates(host)[1]
            plain = self.client.simulate_get("/api/updates", query_string=query)
            zipped = self.client.simulate_get(
                "/api/updates", query_string=query, headers={"Accept-Encoding": "gzip"}
            )
            assert plain.json == fresh
            assert zipped.headers["content-encoding"] == "gzip"
            assert orjson.loads(gzip.decompress(zipped.content)) == fresh

    @invariant()
    def api_matches_the_model(self) -> None:
        updates = self.client.simulate_get("/api/updates").json
        acknowledged = {
            image: {host: state in ACKNOWLEDGED_STATES for host, (state, _) in hosts.items()}
            for image, hosts in self.entries.items()
        }
        assert {
            image: {h["hostname"]: h["acknowledged"] for h in update["hosts"]}
            for image, update in updates.items()
        } == acknowledged
        for image, update in updates.items():
            assert update["acknowledged"] == all(acknowledged[image].values())
            for item in update["hosts"]:
                state, _ = self.entries[image][item["hostname"]]
                assert item["resolution"] == RESOLUTIONS[state]
                request = item["update_request"]
                accepted = None if request is None else request["accepted"]
                assert accepted == self.requested.get((image, item["hostname"]))
            tag_id = self.assigned.get(image)
            expected = None if tag_id is None else {"id": tag_id, "name": self.tags[tag_id]}
            assert update["tag"] == expected
        tags = self.client.simulate_get("/api/tags").json
        assert {tag["id"]: tag["name"] for tag in tags} == self.tags
        hosts = self.client.simulate_get("/api/hosts").json
        assert {h["hostname"] for h in hosts if h["silent_since"]} == self.silent

    def teardown(self) -> None:
        self.hook.stop()
        self.diun.stop()
        self.receiver.__exit__(None, None, None)
        self.db.close()
        if self.postgres:
            self.postgres.drop_database(self.target)
        shutil.rmtree(self.workdir, ignore_errors=True)


@pytest.mark.parametrize("backend", BACKENDS)
def test_replay_equals_live(backend: str, request: pytest.FixtureRequest) -> None:
    postgres = request.getfixturevalue("postgres") if backend == "postgres" else None
    machine = type("ReplayMachineOn" + backend.title(), (ReplayMachine,), {"postgres": postgres})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=60,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
