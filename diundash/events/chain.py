"""The log's hash chain: each event's hash is SHA-256 over the previous
event's hash and the event's canonical bytes (position, type, version, data,
recorded_at and audit). Changing, dropping or reordering any stored event
changes every hash from there on, so a latest hash noted elsewhere (printed by
``diundash verify``, carried by exports) pins the whole log up to it.

The hashes live in ``event_hashes``, append-only like the log, written with
each event. A log older than the chain gets its hashes when opened: the
events themselves are never rewritten (``store.fill_missing_hashes``).
"""

import hashlib
from collections.abc import Iterable
from typing import Any

import orjson
from peewee import Database

GENESIS = "0" * 64

INSERT_HASH = "INSERT INTO event_hashes (position, hash) VALUES (?, ?)"


def canonical_bytes(
    position: int,
    type_name: str,
    version: int,
    data: Any,
    recorded_at: str,
    audit: dict[str, str | None],
) -> bytes:
    """One event as the chain hashes it: JSON with sorted keys, so the same
    event gives the same bytes whatever engine or export it went through."""
    record = {
        "position": position,
        "type": type_name,
        "version": version,
        "data": data,
        "recorded_at": recorded_at,
        "audit": audit,
    }
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


def chain_hash(previous: str, canonical: bytes) -> str:
    """The hash of an event whose predecessor's hash is ``previous``."""
    return hashlib.sha256(previous.encode() + canonical).hexdigest()


def row_hash(previous: str, row: Any, data: Any = None) -> str:
    """``chain_hash`` of one ``events`` row (an ``EventRecord``); ``data`` is
    its data parsed already, when the caller has it."""
    audit = {
        "source": row.source,
        "remote_addr": row.remote_addr,
        "request_id": row.request_id,
        "actor": row.actor,
    }
    data = orjson.loads(row.data) if data is None else data
    return chain_hash(
        previous,
        canonical_bytes(row.position, row.type, row.version, data, row.recorded_at, audit),
    )


def last_hash(db: Database) -> tuple[int, str]:
    """The newest stored hash and its position; (0, GENESIS) when none is."""
    row = db.execute_sql(
        "SELECT position, hash FROM event_hashes ORDER BY position DESC LIMIT 1"
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


def record_hash(db: Database, position: int, previous: str, row: Any) -> str:
    """Store the hash of the event at ``position`` (the caller's transaction)."""
    value = row_hash(previous, row)
    db.execute_sql(INSERT_HASH, (position, value))
    return value


def hashes_at(db: Database, positions: Iterable[int]) -> dict[int, str]:
    """The stored hashes of ``positions`` (those that have one)."""
    wanted = sorted(set(positions))
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    cursor = db.execute_sql(
        f"SELECT position, hash FROM event_hashes WHERE position IN ({marks})", wanted
    )
    return {int(position): str(value) for position, value in cursor.fetchall()}
