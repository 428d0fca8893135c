"""Learning, without a query, that another connection committed.

Every poll of the list asks whether the read tables moved. Asking the
database (a read transaction, its locks, the GIL handed to the other
threads while it waits) was most of a ``304``'s cost, so each engine gives
a cheaper signal instead (``Engine.change_signal`` picks it): a token that
changes whenever any connection, of this process or another, commits. Equal
tokens mean nothing was committed in between; None means the signal cannot
tell right now (ask the database).

- SQLite (WAL): the header of the WAL index, the ``-shm`` file every
  connection maps. Its ``iChange`` counter moves at each commit, and a new
  reader learns of a commit from this header alone (documented at
  https://www.sqlite.org/walformat.html), so reading its 96 bytes from our
  own read-only mapping is a memory read: no system call, no lock.
- PostgreSQL: a trigger on ``projection_state`` sends a ``NOTIFY`` in the
  write transaction that moves it (delivered at commit), and one thread per
  process listens for it. While that thread is not listening (starting,
  reconnecting) the token is None; when it listens again the token moves.
"""

import logging
import mmap
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, Protocol

from peewee import Database

log = logging.getLogger("diundash")

# Both copies of the WAL-index header (WalIndexHdr, 48 bytes each): SQLite
# writes the second, then the first, and a commit always changes them.
WAL_INDEX_HEADER_BYTES = 96
LISTEN_CHECK_SECONDS = 1.0  # how often the listener looks whether it is still wanted
RECONNECT_SECONDS = (0.1, 0.5, 1.0, 2.0, 5.0)


class ChangeSignal(Protocol):
    """A token that changes whenever a commit lands; None when unknown."""

    def token(self) -> object | None: ...


class NoSignal:
    """For a database with no cheap signal: every check asks the database."""

    def token(self) -> object | None:
        return None


class WalIndex:
    """The WAL-index header of one SQLite database, mapped read-only.

    It holds, for the life of the process, a SQLite connection of its own
    (so SQLite in this process keeps the ``-shm`` file open and locked
    shared: no other process may truncate or delete it, as the first opener
    after everyone closed would) and its descriptor of the ``-shm`` file,
    never closed: closing any descriptor of a file drops every POSIX lock
    this process holds on it, SQLite's included."""

    def __init__(self, path: str) -> None:
        self._keep = sqlite3.connect(path, check_same_thread=False)
        self._keep.execute("SELECT count(*) FROM sqlite_master").fetchone()  # maps the -shm
        self._shm = path + "-shm"
        self._fd = os.open(self._shm, os.O_RDONLY)
        self._header = mmap.mmap(self._fd, WAL_INDEX_HEADER_BYTES, mmap.MAP_SHARED, mmap.PROT_READ)

    def token(self) -> object | None:
        return self._header[:WAL_INDEX_HEADER_BYTES]

    def is_current(self) -> bool:
        """Whether the ``-shm`` file at its path is still the one mapped (a
        database deleted and made anew at the same path has another)."""
        try:
            return os.stat(self._shm).st_ino == os.fstat(self._fd).st_ino
        except OSError:
            return False


_WAL_INDEXES: dict[str, WalIndex] = {}
_WAL_INDEXES_LOCK = threading.Lock()


def wal_index(path: str) -> ChangeSignal:
    """The ``WalIndex`` of the SQLite file at ``path`` (one per file and
    process), or ``NoSignal`` where there is none to map."""
    if path == ":memory:" or path.startswith("file:"):
        return NoSignal()
    real = os.path.realpath(path)
    with _WAL_INDEXES_LOCK:
        known = _WAL_INDEXES.get(real)
        if known is not None and known.is_current():
            return known
        try:
            known = _WAL_INDEXES[real] = WalIndex(real)
        except (OSError, ValueError, sqlite3.Error) as error:
            log.info("no WAL index to watch for %s (%s): every poll asks the database", path, error)
            return NoSignal()
        return known


def notify_channel(schema: str) -> str:
    """The channel ``storage/postgres.py``'s trigger notifies for the tables in ``schema``."""
    return f"diundash_{schema}"[:63]


class PostgresNotifications:
    """Counts the ``NOTIFY``s of commits to this database's read tables,
    heard by a thread of its own, started at the first ``token``; ``moved``
    is called each time it hears of one."""

    def __init__(self, db: Database, moved: Callable[[], None]) -> None:
        self._conninfo = str(db.database)
        self._params: dict[str, Any] = dict(db.connect_params)
        self._moved = moved
        self._heard = 0
        self._listening = False
        self._started = False
        self._start_lock = threading.Lock()

    def token(self) -> object | None:
        if not self._started:
            self._start()
        return self._heard if self._listening else None

    def _start(self) -> None:
        with self._start_lock:
            if self._started:
                return
            self._started = True
            thread = threading.Thread(
                target=_listen,
                args=(weakref.ref(self), self._conninfo, self._params),
                name="diundash-notify",
                daemon=True,
            )
            thread.start()

    def hear(self) -> None:
        """A commit was heard (or may have been missed): the token moves."""
        self._heard += 1
        self._moved()

    def listening(self, now: bool) -> None:
        """Whether notifications are being heard; listening again moves the
        token, since commits may have landed while nobody listened."""
        if now:
            self.hear()
        self._listening = now


def _listen(
    ref: "weakref.ref[PostgresNotifications]", conninfo: str, params: dict[str, Any]
) -> None:
    """The listener thread: hear notifications while the signal lives;
    on a lost connection, say so and connect again."""
    import psycopg  # only where PostgreSQL is used

    failures = 0
    while ref() is not None:
        try:
            with psycopg.connect(conninfo, autocommit=True, **params) as connection:
                row = connection.execute("SELECT current_schema()").fetchone()
                channel = notify_channel(str(row[0] if row else "public"))
                connection.execute(f'LISTEN "{channel}"')
                if not _heard(ref, listening=True):
                    return
                failures = 0
                while True:
                    for _ in connection.notifies(timeout=LISTEN_CHECK_SECONDS):
                        if not _heard(ref):
                            return
                    if ref() is None:
                        return
        except psycopg.Error as error:
            signal = ref()
            if signal is not None:
                signal.listening(False)
                if failures == 0:
                    log.warning("lost PostgreSQL notifications (%s): every poll asks", error)
            del signal
        time.sleep(RECONNECT_SECONDS[min(failures, len(RECONNECT_SECONDS) - 1)])
        failures += 1


def _heard(ref: "weakref.ref[PostgresNotifications]", listening: bool = False) -> bool:
    """Tell the signal of a notification (or that it listens now); False
    when it is gone and the thread should end."""
    signal = ref()
    if signal is None:
        return False
    if listening:
        signal.listening(True)
    else:
        signal.hear()
    return True
