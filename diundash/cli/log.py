"""The commands on the log itself: ``replay``, ``verify`` and ``history``."""

import argparse
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from peewee import Database

from diundash.cli.command import (
    Command,
    DatabaseUse,
    add_expect_hash_option,
    add_progress_option,
    existing_db,
    progress_line,
    target,
)
from diundash.config import Settings
from diundash.projections.rebuild import rebuild_read_tables, verify_log
from diundash.projections.update_views import projected_position
from diundash.storage import describe_database

if TYPE_CHECKING:
    from diundash.events.history import EventQuery
    from diundash.events.types import StoredEvent


def _replay(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.events.store import last_position

    db = existing_db(args, settings)
    line, total = progress_line(args, "folded"), last_position(db)
    progress = (lambda folded: line.advance(folded, folded / total)) if line else None
    replay = rebuild_read_tables(db, progress)
    if line:
        line.end()
    print(
        f"replayed {replay.events} events ({replay.appended_meanwhile} appended while it ran); "
        f"read tables at position {replay.position}"
    )
    return 0


def _verify(args: argparse.Namespace, settings: Settings) -> int:
    db = existing_db(args, settings)
    verification = verify_log(db, args.expect_hash)
    chain, drifts = verification.chain, verification.drifts
    print("\n".join(chain.describe()))
    if chain.broken_at is not None:
        return 1
    if drifts:
        where = describe_database(target(args, settings))
        print(f"DRIFT: the read tables of {where} differ from a replay of the log:")
        for drift in drifts:
            print(drift.describe())
        return 1
    print(f"ok: the read tables equal a replay of the log (position {projected_position(db)})")
    return 0 if chain.holds else 1


def _history(args: argparse.Namespace, settings: Settings) -> int:
    from diundash.events.history import EventQuery
    from diundash.events.store import read_events
    from diundash.ops.timeline import timeline_lines

    db = existing_db(args, settings)
    if args.image is None and args.host is None:
        lines = timeline_lines(read_events(db))
    else:
        # Tag events name no image: read them too, for the names of the tags.
        tags = _all_matching(db, EventQuery(types=("TagCreated",)))
        names = {stored.event.id: stored.event.name for stored in tags}  # type: ignore[attr-defined]
        query = EventQuery(image=args.image, host=args.host)
        lines = timeline_lines(_all_matching(db, query), names)
    for line in lines:
        print(line)
    return 0


def _all_matching(db: Database, query: "EventQuery") -> Iterator["StoredEvent"]:
    from diundash.events.history import find_events

    after = 0
    while page := find_events(db, replace(query, after=after, limit=500)):
        yield from page
        after = page[-1].position


def _history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("image", nargs="?", help="only the events of this image")
    parser.add_argument("--host", help="only the events of this host ('' for the unnamed one)")


REPLAY = Command(
    "replay",
    "rebuild the read tables from the event log, while the service runs",
    _replay,
    database=DatabaseUse.AS_IT_IS,  # it rebuilds them anyway
    arguments=add_progress_option,
)
VERIFY = Command(
    "verify",
    "check the log's hash chain, then that the read tables equal a replay of the log",
    _verify,
    database=DatabaseUse.AS_IT_IS,  # it only reads
    arguments=add_expect_hash_option,
)
HISTORY = Command(
    "history",
    "print the log as a timeline",
    _history,
    database=DatabaseUse.UPGRADED,
    arguments=_history_arguments,
)
