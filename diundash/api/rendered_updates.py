"""``GET /api/updates``' body, serialized once per state of the read tables.

Every open page polls the list; between two changes each poll would build the
same bytes again. The read state (log position and generation) names what
the read tables hold, on this instance and any other on the same database, so
a body built for a state is reused until the state moves, and never after.
"""

import gzip
import threading
from dataclasses import dataclass, field

import orjson

from diundash.projections.queries import Queries
from diundash.projections.update_views import ReadState

# Query variants kept per state (one per ``host`` filter asked for).
MAX_VARIANTS = 64
GZIP_LEVEL = 6


@dataclass
class Rendered:
    """One body as JSON bytes, and gzipped the first time a client asks."""

    json: bytes
    _gzipped: bytes | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def gzipped(self) -> bytes:
        with self._lock:
            if self._gzipped is None:
                self._gzipped = gzip.compress(self.json, GZIP_LEVEL, mtime=0)
            return self._gzipped


class RenderedUpdates:
    """The rendered list for the read state the database is in now."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self._lock = threading.Lock()
        self._state: ReadState | None = None
        self._bodies: dict[str | None, Rendered] = {}

    def get(self, host: str | None) -> tuple[ReadState, Rendered]:
        """The state the read tables are in and the list's body for it."""
        current = self.queries.read_state()
        with self._lock:
            if current == self._state and host in self._bodies:
                return current, self._bodies[host]
        # Built outside the lock: the state it reflects comes from the same
        # snapshot as its rows, so a write in between only makes it newer.
        state, entries = self.queries.updates(host)
        rendered = Rendered(orjson.dumps(entries))
        with self._lock:
            if self._state is None or state.position >= self._state.position:
                if state != self._state or len(self._bodies) >= MAX_VARIANTS:
                    self._state, self._bodies = state, {}
                self._bodies[host] = rendered
        return state, rendered


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header takes gzip (named or ``*``, not ``q=0``)."""
    for part in (accept_encoding or "").split(","):
        coding, _, parameters = part.partition(";")
        if coding.strip().lower() not in ("gzip", "*"):
            continue
        quality = parameters.strip().lower()
        if not quality.startswith("q="):
            return True
        try:
            if float(quality[2:]) > 0:
                return True
        except ValueError:
            continue
    return False
