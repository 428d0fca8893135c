"""Checking the log's hash chain (``diundash verify``), and a hash of it
noted earlier (``--expect-hash``, of verify and import).

The chain is unkeyed: whoever can write the database (or an export) can
change events and compute every hash anew, and the chain holds. The stored
hashes catch a change made without that care; only a hash noted where the
writer cannot reach shows the rest, so the operator checks one against it.
"""

import re
from dataclasses import dataclass
from typing import Any

from peewee import Database

from diundash.events.chain import GENESIS, row_hash
from diundash.events.store import EventRecord, fill_missing_hashes
from diundash.storage import write_transaction

EXPECTED_HASH_FORM = re.compile(r"(?:(\d+):)?([0-9a-f]{64})")


@dataclass(frozen=True)
class ExpectedHash:
    """A hash of the log noted earlier: ``POSITION:HASH`` as verify and import
    print it (the log must hash to it at that position), or the hash alone
    (at some position: the log may have grown since it was noted)."""

    hash: str
    position: int | None = None

    @classmethod
    def parse(cls, text: str) -> "ExpectedHash":
        found = EXPECTED_HASH_FORM.fullmatch(text.strip().lower())
        if found is None:
            raise ValueError(
                f"{text!r} is not a hash of the log: expected POSITION:HASH as verify and "
                "import print it (or the 64 hex digits of HASH alone)"
            )
        position, value = found.groups()
        return cls(value, None if position is None else int(position))


def chain_point(position: int, chained: str) -> str:
    """How verify and import print a point of the chain, for ``--expect-hash``."""
    return f"{position}:{chained}"


@dataclass(frozen=True)
class Verdict:
    """Whether a chain agrees with the hash noted earlier, in words."""

    holds: bool
    text: str

    @property
    def line(self) -> str:
        """The verdict as verify and import print it."""
        return f"{'ok' if self.holds else 'MISMATCH'}: {self.text}"


class UnexpectedHash(ValueError):
    """The chain does not agree with the hash noted earlier; nothing was imported."""


class Expectation:
    """A chain followed link by link as it is computed, against ``expected``;
    ``what`` names the chain in the verdict ("the log", "the export")."""

    def __init__(self, expected: ExpectedHash, what: str) -> None:
        self.expected, self.what = expected, what
        self.found_at: int | None = None
        self.found_elsewhere: int | None = None  # given a position, where the hash is instead
        self.hash_at: str | None = None
        self.see(0, GENESIS)

    def see(self, position: int, chained: str) -> None:
        """Take the chain's hash at ``position`` (positions in order)."""
        if position == self.expected.position:
            self.hash_at = chained
        if chained != self.expected.hash:
            return
        if self.expected.position in (None, position):
            self.found_at = position if self.found_at is None else self.found_at
        else:
            self.found_elsewhere = position

    def verdict(self, events: int) -> Verdict:
        """The verdict once the whole chain (``events`` long) was seen."""
        what, expected = self.what, self.expected
        if self.found_at is not None:
            since = events - self.found_at
            return Verdict(
                True,
                f"{what} up to position {self.found_at} is the one whose hash was noted "
                f"({since} event{'' if since == 1 else 's'} after it)",
            )
        if self.found_elsewhere is not None:
            return Verdict(
                False,
                f"the expected hash is {what}'s at position {self.found_elsewhere}, not "
                f"{expected.position}: the position noted with it is wrong",
            )
        if expected.position is None:
            text = (
                f"the expected hash {expected.hash} is nowhere in {what}'s chain of {events} "
                f"events: {what} was changed at or before the point where that hash was noted "
                "(or it is another log)"
            )
        elif self.hash_at is None:
            text = (
                f"{what} ends at position {events}, before position {expected.position} of "
                "the expected hash: events were removed since it was noted (or it is another log)"
            )
        else:
            text = (
                f"at position {expected.position} {what}'s hash is {self.hash_at}, not the "
                f"expected {expected.hash}: an event at or before position {expected.position} "
                "was changed, removed or inserted since that hash was noted (or it is another log)"
            )
        return Verdict(False, text)


@dataclass(frozen=True)
class ChainReport:
    """What ``ChainCheck`` found: ``broken_at`` is the first position whose
    stored hash is missing or differs from the recomputed one (None: the
    chain holds); ``latest_hash`` is the recomputed hash of the last event;
    ``unhashed`` counts the events with no stored hash; ``expectation`` is
    the verdict on a hash noted earlier, when one was given."""

    events: int
    latest_hash: str
    broken_at: int | None = None
    reason: str = ""
    unhashed: int = 0
    expectation: Verdict | None = None

    @property
    def holds(self) -> bool:
        """The chain holds, and agrees with the hash noted, if one was given."""
        return self.broken_at is None and (self.expectation is None or self.expectation.holds)

    def describe(self) -> list[str]:
        """The report as verify prints it, a line each."""
        latest = chain_point(self.events, self.latest_hash)
        if self.broken_at is not None:
            lines = [f"BROKEN: the hash chain breaks at position {self.broken_at}: {self.reason}"]
        elif self.unhashed:
            lines = [
                f"ok: none of the {self.events} events has a stored hash yet (a log from before "
                "the hash chain: the service hashes it when it next starts or appends); "
                f"latest hash {latest}"
            ]
        else:
            lines = [f"ok: the hash chain holds over {self.events} events; latest hash {latest}"]
        return lines + ([self.expectation.line] if self.expectation else [])


class ChainCheck:
    """The chain recomputed one stored row at a time, oldest first, against
    the stored hashes (``hashed_upto``: the newest stored one's position, 0
    when none is) and a hash noted earlier (``expected``). Once a log has
    hashes every event must have one: a log with none is one from before
    the chain, which gets them when it is next opened (``ensure_chain``)."""

    def __init__(self, hashed_upto: int, expected: ExpectedHash | None = None) -> None:
        self.hashed_upto = hashed_upto
        self.expectation = Expectation(expected, "the log") if expected else None
        self.events, self.unhashed, self.latest = 0, 0, GENESIS
        self.broken_at: int | None = None
        self.reason = ""

    def check(self, row: EventRecord, data: Any, stored: str | None) -> bool:
        """Take the next row (its data parsed, its stored hash); False once
        the chain is broken there or before. Every row is still to be taken:
        the count of unhashed events and the noted hash need them all."""
        self.events += 1
        self.latest = row_hash(self.latest, row, data)
        if self.expectation:
            self.expectation.see(row.position, self.latest)
        if stored is None:
            self.unhashed += 1
            if self.hashed_upto:
                self._break(row.position, "its hash is missing")
        elif stored != self.latest:
            self._break(row.position, "the event differs from what was hashed when it was recorded")
        return self.broken_at is None

    def _break(self, position: int, reason: str) -> None:
        if self.broken_at is None:
            self.broken_at, self.reason = position, reason

    def report(self) -> ChainReport:
        """The verdict on the rows taken so far, which must be the whole log."""
        if self.broken_at is None and self.hashed_upto > self.events:
            removed = "there are hashes past the last event: events were removed"
            self._break(self.events + 1, removed)
        reason = self.reason
        if self.hashed_upto and self.unhashed:
            reason += (
                f" ({self.unhashed} of {self.events} events have no stored hash: hash rows were "
                "removed, or a version from before the hash chain appended them)"
            )
        verdict = self.expectation.verdict(self.events) if self.expectation else None
        return ChainReport(self.events, self.latest, self.broken_at, reason, self.unhashed, verdict)


def ensure_chain(db: Database) -> int:
    """Give a log from before the chain its hashes (none are rewritten);
    returns how many events were hashed now (``fill_missing_hashes`` says
    when they came after hashed ones)."""
    with write_transaction(db):
        return fill_missing_hashes(db)
