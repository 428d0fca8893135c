"""What kind of storage failure a database error is, whatever the engine:
the one place that reads SQLite's result codes and PostgreSQL's SQLSTATEs."""

import enum
from dataclasses import dataclass

from peewee import DatabaseError

MAX_CHAIN = 16
# SQLite result codes (their extended forms start with the same name).
_SQLITE_KINDS = {
    "SQLITE_FULL": "DISK_FULL",
    "SQLITE_READONLY": "READ_ONLY",
    "SQLITE_BUSY": "BUSY",
    "SQLITE_LOCKED": "BUSY",
}
# PostgreSQL SQLSTATEs: 53100 disk_full, 25006 read_only_sql_transaction,
# 55P03 lock_not_available, 57014 query_canceled (a lock or statement timeout).
_POSTGRES_KINDS = {"53100": "DISK_FULL", "25006": "READ_ONLY", "55P03": "BUSY", "57014": "BUSY"}
# When the driver gave no code (or wrapped it), the words both engines use.
_MESSAGE_KINDS = (
    ("database or disk is full", "DISK_FULL"),
    ("could not extend file", "DISK_FULL"),
    ("no space left on device", "DISK_FULL"),
    ("readonly database", "READ_ONLY"),
    ("read-only transaction", "READ_ONLY"),
    ("database is locked", "BUSY"),
)


class StorageFailure(enum.Enum):
    """Why the database refused: each is answered differently."""

    DISK_FULL = "the disk of the database is full"
    READ_ONLY = "the database is read-only"
    BUSY = "the database is locked by another writer for too long"
    UNAVAILABLE = "the database is unavailable"


@dataclass(frozen=True)
class Diagnosis:
    """The kind of a storage failure and the driver's words for it."""

    failure: StorageFailure
    detail: str


def diagnose(error: DatabaseError) -> Diagnosis:
    """What ``error`` (peewee's wrapper of the driver's exception) means. The
    error being handled may hide the cause (SQLite rolls back by itself on a
    full disk, so the rollback that follows fails): the exceptions it was
    raised while handling are read too, the first one with a known kind wins."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < MAX_CHAIN:
        chain.append(current)
        chain.extend(arg for arg in current.args if isinstance(arg, BaseException))
        current = current.__cause__ or current.__context__
    for link in chain:
        failure = _kind_of(link)
        if failure is not StorageFailure.UNAVAILABLE:
            return Diagnosis(failure, _words(link))
    return Diagnosis(StorageFailure.UNAVAILABLE, _words(error))


def _words(error: BaseException) -> str:
    return str(error).strip() or type(error).__name__


def _kind_of(error: BaseException) -> StorageFailure:
    name = str(getattr(error, "sqlite_errorname", "") or "")
    for prefix, kind in _SQLITE_KINDS.items():
        if name.startswith(prefix):
            return StorageFailure[kind]
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate in _POSTGRES_KINDS:
        return StorageFailure[_POSTGRES_KINDS[sqlstate]]
    message = str(error).lower()
    for words, kind in _MESSAGE_KINDS:
        if words in message:
            return StorageFailure[kind]
    return StorageFailure.UNAVAILABLE
