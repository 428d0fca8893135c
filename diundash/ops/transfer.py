"""Export and import of the whole log as JSON Lines (``export_format``),
streamed both ways so memory stays flat however long the log is.

Import checks every line as it reads it, appends the events in batches with
their hashes in the chain, then projects them once, by a rebuild of the read
tables, all in one transaction: the first bad line raises ``InvalidExport``,
and a chain that does not agree with a hash noted earlier ``UnexpectedHash``,
and either leaves the database as it was.
"""

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

import orjson
from peewee import Database, DataError, IntegrityError

from diundash.events.chain import GENESIS, hashes_at, row_hash
from diundash.events.integrity import Expectation, ExpectedHash, UnexpectedHash, Verdict
from diundash.events.store import (
    READ_BATCH,
    EventRecord,
    append_rows,
    last_position,
    read_events,
    read_rows,
)
from diundash.ops.empty_log import into_empty_log
from diundash.ops.export_format import HEADER, InvalidExport, format_version, parse_record
from diundash.ops.progress import Progress
from diundash.projections.projector import project
from diundash.projections.rebuild import rebuild_read_tables
from diundash.storage import read_snapshot

PROGRESS_EVERY = 10_000
APPEND_BATCH = 1000


def export_log(db: Database, out: IO[bytes], progress: Progress | None = None) -> int:
    """Write every event to ``out`` as JSON Lines, from one snapshot of the
    log, page by page; return the count."""
    out.write(orjson.dumps(HEADER) + b"\n")
    count, previous, stored = 0, GENESIS, {}
    with read_snapshot(db):
        total = last_position(db)
        for row in read_rows(db, upto=total):
            if row.position not in stored:
                stored = hashes_at(db, range(row.position, row.position + READ_BATCH))
            # The stored hash: an export must not make a changed log look whole.
            # (Events of a log not yet chained get theirs computed.)
            previous = stored.get(row.position) or row_hash(previous, row)
            out.write(orjson.dumps(_record(row, previous)) + b"\n")
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress.advance(count, count / total)
    return count


def _record(row: EventRecord, chained: str) -> dict[str, object]:
    return {
        "position": row.position,
        "type": row.type,
        "version": row.version,
        "recorded_at": row.recorded_at,
        "data": orjson.loads(row.data),
        "audit": {
            "source": row.source,
            "remote_addr": row.remote_addr,
            "request_id": row.request_id,
            "actor": row.actor,
        },
        "hash": chained,
    }


@dataclass(frozen=True)
class Imported:
    """What an import brought in: the events, the latest hash of their chain,
    the export's format (1: no hashes in it, its chain made only now) and
    the verdict on the hash noted earlier, when one was given."""

    events: int
    latest_hash: str
    format_version: int
    expectation: Verdict | None = None


def import_log(
    db: Database,
    lines: Iterable[bytes],
    progress: Progress | None = None,
    size: int | None = None,
    expected: ExpectedHash | None = None,
) -> Imported:
    """Load an export (its ``lines``, ``size`` bytes in all when known, for
    progress) into an empty log and rebuild the read tables, in one
    transaction. When the export's chain does not agree with ``expected``
    (a hash of the log noted earlier), ``UnexpectedHash`` is raised and
    nothing is imported."""
    export = CheckedExport(lines, progress, size)
    expectation = Expectation(expected, "the export") if expected else None
    with into_empty_log(db, "import"):
        rows = export.rows()
        while batch := list(islice(rows, APPEND_BATCH)):
            append_rows(db, [row for row, _ in batch], [chained for _, chained in batch])
            if expectation:
                for row, chained in batch:
                    expectation.see(row.position, chained)
        verdict = expectation.verdict(export.count) if expectation else None
        if verdict and not verdict.holds:
            raise UnexpectedHash(verdict.text)  # before anything is committed
        if progress:
            progress.stage(f"read {export.count} events; projecting them into the read tables…")
        _project_all(db, export.lines_of)
    return Imported(export.count, export.latest, export.version, verdict)


class CheckedExport:
    """The records of an export's ``lines``, checked as they are read
    (``rows``), and what the reading found: the format version, the count
    of records, the latest hash of their chain and each one's line."""

    def __init__(self, lines: Iterable[bytes], progress: Progress | None, size: int | None):
        self.lines, self.progress, self.size = lines, progress, size
        self.version, self.count, self.latest = 0, 0, GENESIS
        self.lines_of = LineNumbers()

    def rows(self) -> Iterator[tuple[EventRecord, str]]:
        """Each record, checked, as the row it is stored as and its hash in
        the chain; ``InvalidExport`` at the first bad line."""
        read, previous_time = 0, ""
        for line_number, line in enumerate(self.lines, start=1):
            read += len(line)
            if not line.strip():
                continue
            if not self.version:
                self.version = format_version(line, line_number)
                if self.version > 1:
                    continue
            record = parse_record(line, line_number, self.count + 1, self.version)
            if record["recorded_at"] < previous_time:  # fixed-width: text order is time order
                raise InvalidExport(line_number, "recorded_at goes back in time")
            previous_time = record["recorded_at"]
            row = _row(record)
            self.latest = row_hash(self.latest, row)
            if self.version > 1 and self.latest != record["hash"]:
                raise InvalidExport(
                    line_number,
                    f"its hash does not match: the export was changed at position "
                    f"{row.position} (or the hashes were)",
                )
            self.count += 1
            self.lines_of.note(self.count, line_number)
            yield row, self.latest
            if self.progress and self.count % PROGRESS_EVERY == 0:
                self.progress.advance(self.count, read / self.size if self.size else None)


def _row(record: dict[str, Any]) -> EventRecord:
    """A checked export record as the row it is stored as (its recorded schema)."""
    audit = record["audit"]
    return EventRecord(
        record["position"],
        record["type"],
        record["version"],
        orjson.dumps(record["data"]).decode(),
        record["recorded_at"],
        audit["source"],
        audit["remote_addr"],
        audit["request_id"],
        audit.get("actor"),
    )


def _project_all(db: Database, lines_of: "LineNumbers") -> None:
    """Project the imported log by a rebuild of the read tables. An event
    the projector refuses (a tag that does not exist, an id past 64 bits)
    is looked for event by event, only then, to name its line; any other
    failure is raised as it is."""
    try:
        with db.atomic():  # a savepoint: on PostgreSQL the transaction stays usable
            rebuild_read_tables(db)
    except Exception:
        position, error = _first_refused_event(db)
        if position is None:
            raise
        raise InvalidExport(
            lines_of.line_of(position), f"does not fit the events before it ({error})"
        ) from None


def _first_refused_event(db: Database) -> tuple[int | None, Exception | None]:
    """The position of the first event the projector refuses, and why."""
    for stored in read_events(db):
        try:
            project(db, stored)
        except (IntegrityError, DataError, OverflowError) as error:
            return stored.position, error
    return None, None


class LineNumbers:
    """The line of the export each position came from. Positions follow
    lines one for one but for the header and blank lines, so only the points
    where the difference changes are kept: memory stays flat."""

    def __init__(self) -> None:
        self.positions = array("q")
        self.offsets = array("q")

    def note(self, position: int, line_number: int) -> None:
        offset = line_number - position
        if not self.offsets or self.offsets[-1] != offset:
            self.positions.append(position)
            self.offsets.append(offset)

    def line_of(self, position: int) -> int:
        return position + self.offsets[bisect_right(self.positions, position) - 1]
