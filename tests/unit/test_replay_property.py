"""Replay equals live: random request sequences, then a rebuild from the log
must give the very same read tables, row for row (and the API must agree with
a simple model of what the requests meant). The requests include deployments,
updates asked of a host's hook (a stand-in on loopback, accepting or not),
the heartbeat reading its DIUN's metrics (a stand-in serving DIUN's text) and
the notifier's sends (to a receiver on loopback and to a closed port)."""

import gzip
import shutil
import tempfile
from dataclasses import dataclass
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
BAD_BODIES = st.sampled_from(
    [b"", b"{", b"[]", b'{"image": 5}', b'{"image": ""}', b'{"image": "a", "n": NaN}']
)


HEARTBEAT_AT = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


@dataclass
class Entry:
    """What the model knows of an image on a host."""

    digest: str
    resolution: str | None = None  # "dismissed" or "deployed"; None: pending
    update_accepted: bool | None = None  # the last update asked of the hook since

    def dismiss(self) -> None:
        self.resolution = self.resolution or "dismissed"


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
        # image, each host that reported it: its digest, what resolved it
        # there (None: pending) and whether the last update asked of its hook
        # since was accepted (None: none was asked).
        self.entries: dict[str, dict[str, Entry]] = {}
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
        digest=st.text(max_size=8),
    )
    def webhook(self, image: str, host: str, status: str, digest: str) -> None:
        body = {"image": image, "status": status, "digest": digest, "metadata": None}
        if host:
            body["hostname"] = host
        response = self.request("POST", "/webhook", json=body, headers={"Authorization": SECRET})
        assert response.status_code == 200
        self.entries.setdefault(image, {})[host] = Entry(digest.replace("\x00", ""))

    def _known(self, image: str, host: str | None) -> bool:
        return image in self.entries and (host is None or host in self.entries[image])

    def _hosts_of(self, image: str, host: str | None) -> list[str]:
        return list(self.entries[image]) if host is None else [host]

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
            if not self.entries[image]:
                del self.entries[image]

    @rule(host=NAMED_HOSTS)
    def forget_host(self, host: str) -> None:
        response = self.request("DELETE", f"/api/hosts/{host}")
        images = [image for image, hosts in self.entries.items() if host in hosts]
        assert response.status_code == (204 if images or host in self.silent else 404)
        self.silent.discard(host)
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
            for each in self._hosts_of(image, host):
                self.entries[image][each].dismiss()

    @rule(tag_id=st.none() | TAG_IDS, host=st.none() | HOSTS)
    def dismiss_all(self, tag_id: int | None, host: str | None) -> None:
        body: dict[str, object] = {} if tag_id is None else {"tag_id": tag_id}
        if host is not None:
            body["host"] = host
        response = self.request("POST", "/api/dismissals", json=body)
        if tag_id is not None and tag_id not in self.tags:
            assert response.status_code == 404
            return
        expected = sorted(
            image
            for image, hosts in self.entries.items()
            if any(e.resolution is None for each, e in hosts.items() if host in (None, each))
            and (tag_id is None or self.assigned.get(image) == tag_id)
        )
        assert response.json == {"dismissed": expected}
        for image in expected:
            for each in self._hosts_of(image, host):
                self.entries[image][each].dismiss()

    @rule(image=IMAGES, host=HOSTS, digest=st.sampled_from(["none", "pending", "other"]))
    def deployed(self, image: str, host: str, digest: str) -> None:
        entry = self.entries.get(image, {}).get(host)
        clean = entry is not None and entry.digest.isprintable() and entry.digest.strip() != ""
        if digest == "pending" and not clean:
            digest = "none"
        body = {"image": image, "host": host}
        if digest != "none":
            body["digest"] = entry.digest if digest == "pending" and entry else "sha256:other"
        response = self.request("POST", "/api/deployments", json=body)
        if entry is None:
            assert response.status_code == 404
        elif digest == "other":
            assert response.status_code == 409
        else:
            assert response.status_code == 200
            entry.resolution, entry.update_accepted = "deployed", None

    @rule(image=IMAGES, host=HOSTS, accepts=st.booleans())
    def request_update(self, image: str, host: str, accepts: bool) -> None:
        self.hook.answer(202 if accepts else 500)
        body = {"image": image, "host": host}
        response = self.request("POST", "/api/update-requests", json=body)
        entry = self.entries.get(image, {}).get(host)
        if host != "nas" or entry is None:
            assert response.status_code == 404
            return
        assert response.status_code == (202 if accepts else 502)
        entry.update_accepted = accepts

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
            fresh = Queries(self.db).updates(host)[1]
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
        assert {
            image: {h["hostname"]: h["resolution"] for h in update["hosts"]}
            for image, update in updates.items()
        } == {
            image: {host: e.resolution for host, e in hosts.items()}
            for image, hosts in self.entries.items()
        }
        for image, update in updates.items():
            hosts = self.entries[image]
            assert update["acknowledged"] == all(e.resolution for e in hosts.values())
            for item in update["hosts"]:
                request = item["update_request"]
                accepted = None if request is None else request["accepted"]
                assert accepted == hosts[item["hostname"]].update_accepted
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
