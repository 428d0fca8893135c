"""Leases: one holder at a time for work that every instance on a database
could do, such as sending a notification, so that it is done once.

A lease is a row of ``leases``: its name, who holds it and until when. An
instance takes it if nobody holds it, if it holds it already (renewing it),
or if its holder let it expire: a holder that died or hangs stops renewing,
and another instance takes over once the time is up. The holder releases it
when its work is done. Whatever the work records must be committed before
the lease is released, so the next holder reads it and does not do it again.
"""

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from peewee import Database

from diundash.clock import Clock, utc_now

# A row comes back only when the lease was free, expired, or ours already.
TAKE = (
    "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE leases.holder = excluded.holder OR leases.expires_at <= ? "
    "RETURNING holder"
)
RELEASE = "DELETE FROM leases WHERE name = ? AND holder = ?"
HOLDER = "SELECT holder FROM leases WHERE name = ? AND expires_at > ?"


def new_holder_id() -> str:
    """A name for this process as a lease holder: readable by an operator
    (host and process id), unique (a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Leases:
    """The leases of ``db`` as ``holder`` (this process, by default) sees them."""

    def __init__(self, db: Database, holder: str | None = None, clock: Clock = utc_now) -> None:
        self.db = db
        self.holder = holder or new_holder_id()
        self.clock = clock

    def take(self, name: str, duration: timedelta) -> bool:
        """Hold ``name`` for ``duration`` from now (renewed, if held already);
        False when another holder has it and its time is not up."""
        now = self.clock().timestamp()
        with self.db.atomic():
            row = self.db.execute_sql(
                TAKE, (name, self.holder, now + duration.total_seconds(), now)
            ).fetchone()
        return row is not None

    def release(self, name: str) -> None:
        """Give ``name`` up, if this holder has it."""
        with self.db.atomic():
            self.db.execute_sql(RELEASE, (name, self.holder))

    def holder_of(self, name: str) -> str | None:
        """Who holds ``name`` now, or None when nobody does."""
        row = self.db.execute_sql(HOLDER, (name, self.clock().timestamp())).fetchone()
        return None if row is None else str(row[0])

    @contextmanager
    def holding(self, name: str, duration: timedelta) -> Iterator[bool]:
        """Take ``name`` for the block (it says whether it got it), and
        release it after, whatever happened in the block."""
        taken = self.take(name, duration)
        try:
            yield taken
        finally:
            if taken:
                self.release(name)
