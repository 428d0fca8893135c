"""One projection semantics: random event sequences projected live, one
event at a time by the SQL handlers, give the very same read tables as the
in-memory fold every rebuild uses (replay, verify, time travel, upgrade):
receipts, dismissals, deployments and update requests, forgets, host
renames, silences and returns, tags and tokens."""

import itertools
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peewee import Database

from diundash.clock import format_utc, parse_rfc3339
from diundash.commands import record_event
from diundash.events.types import (
    Audit,
    Event,
    HostBack,
    HostForgotten,
    HostRenamed,
    HostSilent,
    NotificationSent,
    TagAssigned,
    TagCreated,
    TagDeleted,
    TagUnassigned,
    TokenIssued,
    TokenRevoked,
    UpdateDeployed,
    UpdateDismissed,
    UpdateForgotten,
    UpdateReceived,
    UpdateRequested,
    UpdateSnoozed,
)
from diundash.projections.rebuild import (
    fold_log,
    rebuild_read_tables,
    snapshot_read_tables,
    swap_in_read_tables,
)
from diundash.projections.snapshots import decode_snapshot, encode_snapshot, with_bodies
from diundash.projections.time_travel import model_entries
from diundash.projections.update_views import read_updates
from diundash.storage import open_database, scratch_database, write_transaction
from tests.conftest import BACKENDS

# Several tags of one repository (versions, a flavour, a pre-release), so
# receipts have previous tags to find.
IMAGES = st.sampled_from(
    [
        "nginx:1.25",
        "docker.io/library/nginx:1.26",
        "nginx:2.0-rc1",
        "nginx:1.26-alpine",
        "redis",
        "ghcr.io/org/tool@sha256:01",
    ]
)
HOSTS = st.sampled_from(["web-1", "web-2", "nas", "", "ab"])
# A body's hostname may hold NUL (its row keeps it without) or not be text at all.
BODY_HOSTS = st.none() | HOSTS | st.just("a\x00b") | st.just(7)
TAG_IDS = st.integers(min_value=1, max_value=5)
NAMES = st.sampled_from(["production", "staging", "dev"])
TOKENS = st.sampled_from(["ci", "grafana", "backup"])
START = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)
# The moments the lists are compared at: some snoozes have ended by then, some not.
MOMENTS = [format_utc(START + timedelta(seconds=n)) for n in (0, 30, 120)]

METADATA = st.none() | st.fixed_dictionaries(
    {"ctn_names": st.sampled_from(["web", "db", "a\x00b"]), "ctn_id": st.text(max_size=3)}
)


# Few digests (most of the time), so the same build comes again and stays dismissed.
FEW_DIGESTS = st.sampled_from(["", "sha256:a", "sha256:b", "a\x00"])


@st.composite
def receipt_bodies(draw: st.DrawFn) -> dict[str, Any]:
    body: dict[str, Any] = {
        "image": draw(IMAGES),
        "status": draw(st.sampled_from(["new", "update"])),
        "digest": draw(st.one_of(*[FEW_DIGESTS] * 4, st.text(max_size=4))),
        "metadata": draw(METADATA),
    }
    hostname = draw(BODY_HOSTS)
    if hostname is not None:
        body["hostname"] = hostname
    return body


# A notification's attempt: which one, to which channel, what it covered
# (the same key may come with other coverage: the first attempt's stays).
NOTIFICATIONS = st.fixed_dictionaries(
    {
        "key": st.sampled_from(["new:1-4", "digest:2026-03-23T10:00:00Z", "reminder:7"]),
        "kind": st.sampled_from(["new", "digest", "reminder", "test"]),
        "channel": st.sampled_from(["ntfys://ntfy.sh", "mailto://gmail.com", "tgram://…"]),
        "covered": st.fixed_dictionaries(
            {},
            optional={
                "to_position": st.integers(0, 9) | st.booleans(),
                "slot": st.sampled_from(["2026-03-23T10:00:00Z", 5]),
                "reminded": st.lists(st.integers(1, 6) | st.just("x"), max_size=3),
            },
        ),
        "title": st.sampled_from(["3 new updates", "Digest"]),
        "body": st.text(max_size=5),
        "outcome": st.sampled_from(["sent", "failed"]),
        "attempt": st.integers(1, 3),
        "retry_at": st.none() | st.just("2026-03-23T10:01:00.000000Z"),
        "error": st.none() | st.just("connection refused"),
    }
)

# Each step: what kind of event, and its drawn fields; the moment is added
# when it is applied (times only move forward, as the clock keeps them).
# Receipts and dismissals come three times as often as the rest: most
# sequences then have entries for the others to act on.
RECEIVED = st.tuples(st.just("received"), receipt_bodies())
DISMISSED = st.tuples(st.just("dismissed"), IMAGES, st.none() | HOSTS)
# A snooze of so many seconds: some end before NOW, some after.
SNOOZED = st.tuples(
    st.just("snoozed"), IMAGES, st.none() | HOSTS, st.integers(min_value=1, max_value=60)
)
RECEIVED_AGAIN = st.tuples(st.just("received_again"), st.integers(min_value=0, max_value=9))
STEPS = st.one_of(
    *(RECEIVED, DISMISSED, SNOOZED, RECEIVED_AGAIN) * 3,
    st.tuples(st.just("forgotten"), IMAGES, st.none() | HOSTS),
    st.tuples(st.just("host_forgotten"), HOSTS),
    st.tuples(st.just("host_renamed"), HOSTS, HOSTS),
    st.tuples(st.just("tag_created"), TAG_IDS, NAMES),
    st.tuples(st.just("tag_deleted"), TAG_IDS, NAMES),
    st.tuples(st.just("tag_assigned"), IMAGES, TAG_IDS),
    st.tuples(st.just("tag_unassigned"), IMAGES),
    st.tuples(st.just("token_issued"), TOKENS, st.booleans()),
    st.tuples(st.just("token_revoked"), TOKENS),
    # Of an entry there is (the n-th, when there are any): a deployment of the
    # digest it holds (as the command records it), or of another (as only an
    # import could: the projection ignores that); a request of an update.
    *(st.tuples(st.just("deployed"), st.integers(0, 20), st.booleans()),) * 2,
    *(st.tuples(st.just("requested"), st.integers(0, 20), st.none() | st.just(500)),) * 2,
    st.tuples(st.just("silent"), HOSTS, st.sampled_from(["no DIUN watch run", "unreadable"])),
    st.tuples(st.just("back"), HOSTS),
    st.tuples(st.just("notified"), NOTIFICATIONS),
)


def _exists(db: Database, sql: str, *params: object) -> bool:
    return db.execute_sql(sql, params).fetchone() is not None


def to_event(db: Database, step: tuple[Any, ...], now: str) -> Event | None:
    """The event a step stands for, or None when the commands would never
    append it (the live tables' constraints refuse it: a rename onto a host
    that has entries, a tag id or name taken, a token name taken)."""
    kind, *args = step
    if kind == "received":
        return UpdateReceived(body=args[0], received_at=now)
    if kind == "received_again":  # a body received before, sent again (DIUN's reset database)
        bodies = db.execute_sql(
            "SELECT data FROM events WHERE type = 'UpdateReceived' ORDER BY position"
        ).fetchall()
        if not bodies:
            return None
        body = orjson.loads(bodies[args[0] % len(bodies)][0])["body"]
        return UpdateReceived(body=body, received_at=now)
    if kind == "dismissed":
        return UpdateDismissed(image=args[0], dismissed_at=now, host=args[1])
    if kind == "snoozed":
        moment = parse_rfc3339(now)
        assert moment is not None
        until = format_utc(moment + timedelta(seconds=args[2]))
        return UpdateSnoozed(image=args[0], snoozed_at=now, until=until, host=args[1])
    if kind == "forgotten":
        return UpdateForgotten(image=args[0], host=args[1])
    if kind == "host_forgotten":
        return HostForgotten(hostname=args[0])
    if kind == "host_renamed":
        taken = _exists(db, "SELECT 1 FROM host_updates WHERE hostname = ?", args[1])
        return None if taken else HostRenamed(hostname=args[0], new_hostname=args[1])
    if kind == "tag_created":
        taken = _exists(db, "SELECT 1 FROM tags WHERE id = ? OR name = ?", *args)
        return None if taken else TagCreated(id=args[0], name=args[1])
    if kind == "tag_deleted":
        return TagDeleted(id=args[0], name=args[1])
    if kind == "tag_assigned":
        known = _exists(db, "SELECT 1 FROM tags WHERE id = ?", args[1])
        return TagAssigned(image=args[0], tag_id=args[1]) if known else None
    if kind == "tag_unassigned":
        return TagUnassigned(image=args[0])
    if kind in ("deployed", "requested"):
        entries = db.execute_sql(
            "SELECT image, hostname, digest FROM host_updates ORDER BY image, hostname"
        ).fetchall()
        image, host, digest = entries[args[0] % len(entries)] if entries else ("redis", "", "")
        if kind == "deployed":
            digest = digest if args[1] else "sha256:other"
            return UpdateDeployed(image=image, host=host, digest=digest, deployed_at=now)
        outcome = "the hook could not be called" if args[1] is None else f"HTTP {args[1]}"
        return UpdateRequested(image, host, now, args[1], outcome)
    if kind == "silent":
        return HostSilent(hostname=args[0], since=now, reason=args[1])
    if kind == "back":
        return HostBack(hostname=args[0], last_check_at=now)
    if kind == "token_issued":
        if _exists(db, "SELECT 1 FROM tokens WHERE name = ?", args[0]):
            return None
        return TokenIssued(
            name=args[0], token_hash=f"hash-{args[0]}", read_only=args[1], issued_at=now
        )
    if kind == "notified":
        return NotificationSent(**args[0], attempted_at=now)
    return TokenRevoked(name=args[0])


def project_live(db: Database, steps: list[tuple[Any, ...]]) -> None:
    """Append and project each step's event through the live handlers."""
    audit = Audit(source="cli")
    for n, step in enumerate(steps):
        now = format_utc(START + timedelta(seconds=n))
        with write_transaction(db):
            event = to_event(db, step, now)
            if event is not None:
                record_event(db, event, audit, now)


def sorted_rows(rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    return {table: sorted(table_rows) for table, table_rows in rows.items()}


def check_fold_equals_live(target: str, steps: list[tuple[Any, ...]]) -> None:
    db = open_database(target, "OFF")
    scratch = scratch_database()
    try:
        project_live(db, steps)
        live = snapshot_read_tables(db)

        model = fold_log(db)
        assert sorted_rows(model.rows()) == live
        # A snapshot of the fold (time travel starts from them), its bodies
        # read back from the log, is the fold; and it shows the live list.
        assert sorted_rows(with_bodies(db, decode_snapshot(encode_snapshot(model))).rows()) == live
        restored = with_bodies(db, decode_snapshot(encode_snapshot(model)), latest_only=True)
        for host, now in itertools.product((None, "web-1", ""), MOMENTS):
            assert dict(model_entries(restored, now, host)) == read_updates(db, now, host)[1]
        with scratch.atomic():
            swap_in_read_tables(scratch, fold_log(db).rows())
        assert snapshot_read_tables(scratch) == live
        rebuild_read_tables(db)
        assert snapshot_read_tables(db) == live
    finally:
        scratch.close()
        db.close()


# Long enough for a receipt, a dismissal or snooze and the same build again to meet.
SEQUENCES = st.lists(STEPS, min_size=10, max_size=60)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=SEQUENCES)
def test_fold_gives_the_live_read_tables_on_sqlite(steps: list[tuple[Any, ...]]) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="diundash-fold-"))
    try:
        check_fold_equals_live(str(workdir / "diun.db"), steps)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.mark.skipif("postgres" not in BACKENDS, reason="TEST_BACKENDS leaves PostgreSQL out")
def test_fold_gives_the_live_read_tables_on_postgres(postgres) -> None:
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=SEQUENCES)
    def run(steps: list[tuple[Any, ...]]) -> None:
        url = postgres.create_database()
        try:
            check_fold_equals_live(url, steps)
        finally:
            postgres.drop_database(url)

    run()
