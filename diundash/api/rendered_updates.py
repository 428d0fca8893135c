"""``GET /api/updates``' body, serialized once per state of the read tables.

Every open page polls the list; between two changes each poll would build the
same bytes again. The read state (log position and generation) names what
the read tables hold, on this instance and any other on the same database, so
a body built for a state is reused until the state moves, and never after.
"""

import gzip
import threading
from dataclasses import dataclass, field

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
    """The rendered list for the read state the database is in now.

    One body is built at a time: pollers that ask while it is being built
    wait for it rather than build the same bytes beside it, so the memory a
    build takes is needed once, not once per waitress thread."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self._lock = threading.Lock()
        self._building = threading.Lock()
        self._state: ReadState | None = None
        self._bodies: dict[str | None, Rendered] = {}

    def get(self, host: str | None, current: ReadState) -> tuple[ReadState, Rendered]:
        """The list's body for the state the read tables are in (``current``,
        just read by the caller, or newer) and that state."""
        cached = self._cached(current, host)
        if cached:
            return current, cached
        with self._building:
            current = self.queries.read_state()
            cached = self._cached(current, host)  # built while this one waited?
            if cached:
                return current, cached
            with self._lock:
                if current != self._state:  # stale: not kept beside the new body
                    self._state, self._bodies = None, {}
            # The state it reflects comes from the same snapshot as its rows,
            # so a write since ``current`` only makes it newer.
            state, body = self.queries.updates_json(host)
            rendered = Rendered(body)
            with self._lock:
                if state != self._state or len(self._bodies) >= MAX_VARIANTS:
                    self._state, self._bodies = state, {}
                self._bodies[host] = rendered
            return state, rendered

    def _cached(self, state: ReadState, host: str | None) -> Rendered | None:
        with self._lock:
            return self._bodies.get(host) if state == self._state else None


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
