"""The read side: queries over the read tables, for the API and for the
checks commands make before they append."""

from collections.abc import Collection, Iterator
from datetime import datetime
from typing import Any, NamedTuple

from peewee import Database

from diundash.auth.tokens import TokenInfo, token_hash
from diundash.clock import Clock, format_utc, parse_rfc3339, utc_now
from diundash.events.history import EventQuery, find_events, recorded_at
from diundash.events.store import last_position, read_decoded
from diundash.events.types import Event, StoredEvent
from diundash.projections.entry_states import PENDING, EntryState, entry_states
from diundash.projections.fleet import Fleet, FleetCache
from diundash.projections.host_views import read_hosts
from diundash.projections.insights import Window, read_insights
from diundash.projections.read_state import ReadStateCache
from diundash.projections.receipts import Receipt, latest_receipts
from diundash.projections.tables import AssignmentRow, HostUpdateRow, TagRow
from diundash.projections.time_travel import as_of_moment, as_of_position, updates_as_of
from diundash.projections.update_views import (
    Entries,
    ReadState,
    projected_position,
    read_state,
    read_updates,
    render_updates,
)
from diundash.projections.waits import Waits
from diundash.storage import read_snapshot

OPEN_ENTRIES = (
    "SELECT count(*), count(CASE WHEN acknowledged_at IS NULL OR snoozed_until IS NOT NULL "
    "THEN 1 END) FROM host_updates WHERE image = ?"
)


class HostEntryState(NamedTuple):
    """What a deployment report checks of a host's entry."""

    digest: str
    deployed_at: str | None


class Queries:
    """The reads of diundash, bound to one database: the read tables, and the
    log itself for the audit trail and time travel."""

    def __init__(
        self, db: Database, state: ReadStateCache | None = None, clock: Clock = utc_now
    ) -> None:
        self.db = db
        self._state = state
        self.clock = clock
        self._fleets = FleetCache(db)

    def now(self) -> str:
        """The time the lists are read at (a snooze ends with time alone)."""
        return format_utc(self.clock())

    def updates(self, host: str | None = None) -> tuple[ReadState, Entries]:
        """Every tracked image's entry now, keyed by image (those ``host``
        reported, when given), and the state they reflect (one snapshot)."""
        return read_updates(self.db, self.now(), host)

    def updates_json(self, host: str | None = None) -> tuple[ReadState, bytes]:
        """``updates`` as the JSON bytes ``GET /api/updates`` sends."""
        return render_updates(self.db, self.now(), host)

    def updates_as_of(self, as_of: str, host: str | None = None) -> tuple[int, bytes]:
        """The entries as they stood at ``as_of`` (a log position or an RFC
        3339 time; ``InvalidAsOf`` otherwise, ``AsOfPastTheEnd`` past the log),
        as the JSON bytes ``GET /api/updates`` sends, and that position."""
        position = as_of_position(self.db, as_of)
        moment = as_of_moment(self.db, as_of, position)
        return position, updates_as_of(self.db, position, moment, host)

    def hosts(self, watched: Collection[str] = ()) -> list[dict[str, Any]]:
        """Every host with an entry or a silence, or among ``watched`` (whose
        DIUN metrics are read), and how its images stand now."""
        return read_hosts(self.db, self.now(), watched)

    def fleet(self, host: str | None = None) -> Fleet:
        """Each host's tally and the newest pending entries (``host``'s
        alone, when given), as the read tables hold them now."""
        now = self.now()
        return self._fleets.get(self.read_state(), now, host)

    def entry_states(self, host: str | None = None) -> list[EntryState]:
        """Every host entry (``host``'s alone, when given), by host then
        image, with whether it is pending."""
        entries = list(entry_states(self.db, self.now(), host))
        entries.sort(key=lambda entry: (entry.hostname, entry.image))
        return entries

    def latest_receipts(self, count: int, host: str | None = None) -> list[Receipt]:
        """The ``count`` newest distinct updates DIUN reported (``host``'s
        alone, when given), from the log, newest first."""
        return latest_receipts(self.db, count, host)

    def open_waits(self) -> Waits:
        """The pending entries and the log position they stand at (one
        snapshot), to follow how long they wait from there."""
        now = self.now()
        with read_snapshot(self.db):
            position = projected_position(self.db)
            entries = [
                (
                    entry.image,
                    entry.hostname,
                    entry.received_at,
                    entry.digest,
                    entry.acknowledged_at is None or entry.snoozed_until is not None,
                )
                for entry in entry_states(self.db, now)
            ]
        return Waits.of(position, entries)

    def events_after(self, position: int) -> Iterator[tuple[int, Event]]:
        """Each event after ``position``, decoded, oldest first."""
        return read_decoded(self.db, after=position)

    def insights(self, days: int, as_of: str | None, now: datetime) -> dict[str, Any]:
        """The insights of the ``days`` up to ``as_of`` (a log position or an
        RFC 3339 time: ``InvalidAsOf``/``AsOfPastTheEnd`` as for the list),
        or up to ``now``."""
        if as_of is None:
            return read_insights(self.db, Window(days, now, last_position(self.db)))
        position = as_of_position(self.db, as_of)
        until = parse_rfc3339(as_of) or parse_rfc3339(recorded_at(self.db, position) or "")
        return read_insights(self.db, Window(days, until or now, position))

    def read_state(self) -> ReadState:
        """The state of the read tables now (from memory while no commit
        has landed and no snooze ended, when bound to a ``ReadStateCache``)."""
        if self._state is not None:
            return self._state.current()
        with read_snapshot(self.db):
            return read_state(self.db, self.now())

    def last_position(self) -> int:
        """The position of the newest event in the log."""
        return last_position(self.db)

    def positions(self) -> tuple[int, int]:
        """The log's last position and the read tables' position, read in one
        snapshot so a write between the two cannot look like lag."""
        with read_snapshot(self.db):
            return last_position(self.db), projected_position(self.db)

    def events(self, query: EventQuery) -> list[StoredEvent]:
        """One page of the audit trail."""
        return find_events(self.db, query)

    def list_tags(self) -> list[dict[str, Any]]:
        """Every tag, ordered by id."""
        return list(TagRow.select().order_by(TagRow.id).dicts().execute(self.db))

    def find_tag(self, tag_id: int) -> TagRow | None:
        """The tag with ``tag_id``, or None."""
        tag: TagRow | None = TagRow.select().where(TagRow.id == tag_id).first(self.db)
        return tag

    def tag_name_taken(self, name: str) -> bool:
        """Whether a tag already has ``name``."""
        return bool(TagRow.select().where(TagRow.name == name).exists(self.db))

    def next_tag_id(self) -> int:
        """The id the next tag gets: one past the largest id ever used (ids of
        deleted tags are never reused, as with SQLite's AUTOINCREMENT)."""
        cursor = self.db.execute_sql("SELECT last_tag_id FROM projection_state WHERE id = 1")
        return int(cursor.fetchone()[0]) + 1

    def open_entries(self, image: str, host: str | None = None) -> int | None:
        """How many of ``image``'s host entries (on ``host``, when given) a
        dismissal or a snooze would change (pending or snoozed, not
        dismissed); None when there is no entry at all."""
        sql = OPEN_ENTRIES if host is None else OPEN_ENTRIES + " AND hostname = ?"
        entries, open_ = self.db.execute_sql(
            sql, (image,) if host is None else (image, host)
        ).fetchone()
        return None if entries == 0 else int(open_)

    def host_entry(self, image: str, host: str) -> "HostEntryState | None":
        """The digest of ``image`` on ``host`` and when it was reported
        deployed, if it was; None when that host has no entry for it."""
        row = self.db.execute_sql(
            "SELECT digest, deployed_at FROM host_updates WHERE image = ? AND hostname = ?",
            (image, host),
        ).fetchone()
        return HostEntryState(row[0], row[1]) if row else None

    def silent_since(self, hostname: str) -> str | None:
        """Since when ``hostname``'s DIUN has been silent, or None."""
        row = self.db.execute_sql(
            "SELECT since FROM silent_hosts WHERE hostname = ?", (hostname,)
        ).fetchone()
        return str(row[0]) if row else None

    def host_exists(self, hostname: str) -> bool:
        """Whether ``hostname`` has at least one entry."""
        return bool(
            HostUpdateRow.select().where(HostUpdateRow.hostname == hostname).exists(self.db)
        )

    def pending_images(
        self, now: str, tag_id: int | None = None, host: str | None = None
    ) -> list[str]:
        """Images pending at ``now`` on some host (on ``host``, when given),
        optionally only those under ``tag_id``: pending as every count says
        (``PENDING``)."""
        sql = f"SELECT DISTINCT image FROM host_updates WHERE {PENDING}"
        params: list[str | int] = [now]
        if host is not None:
            sql += " AND hostname = ?"
            params.append(host)
        if tag_id is not None:
            sql += " AND image IN (SELECT image FROM tag_assignments WHERE tag_id = ?)"
            params.append(tag_id)
        return sorted(image for (image,) in self.db.execute_sql(sql, params))

    def assigned_tag_id(self, image: str) -> int | None:
        """The id of the tag ``image`` is under, or None."""
        row = AssignmentRow.select().where(AssignmentRow.image == image).first(self.db)
        return int(row.tag_id) if row else None

    def find_token(self, token: str) -> TokenInfo | None:
        """The live API token ``token`` is, or None."""
        row = self.db.execute_sql(
            "SELECT name, read_only, issued_at FROM tokens WHERE token_hash = ?",
            (token_hash(token),),
        ).fetchone()
        return TokenInfo(row[0], bool(row[1]), row[2]) if row else None

    def list_tokens(self) -> list[TokenInfo]:
        """The live API tokens, by name."""
        rows = self.db.execute_sql("SELECT name, read_only, issued_at FROM tokens ORDER BY name")
        return [TokenInfo(name, bool(read_only), issued_at) for name, read_only, issued_at in rows]

    def token_name_taken(self, name: str) -> bool:
        """Whether a live token is named ``name``."""
        row = self.db.execute_sql("SELECT 1 FROM tokens WHERE name = ?", (name,)).fetchone()
        return row is not None
