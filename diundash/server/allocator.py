"""The C allocator of the server process, held to few arenas.

glibc's malloc gives each thread that allocates its own arena (up to eight
per core), and a freed block stays in the arena that served it. The
server's threads each build multi-MiB list bodies in turn, so each arena
ends up keeping room for one: memory grows with the number of threads that
ever rendered a list, not with the list. Two arenas keep that room once or
twice, and contention stays low: the threads allocate under the GIL most
of the time. ``mallopt`` is glibc's; elsewhere (musl, macOS, Windows)
nothing is changed, nor where the operator chose a limit
(``MALLOC_ARENA_MAX``, or ``arena_max`` in ``GLIBC_TUNABLES``).
"""

import ctypes
import os
import sys

M_ARENA_MAX = -8  # glibc's malloc.h
SERVER_ARENAS = 2


def limit_malloc_arenas(count: int = SERVER_ARENAS) -> bool:
    """Hold glibc's malloc to ``count`` arenas from now on (before the
    threads start: one that allocated has its arena already); whether the
    C library took it."""
    chosen = "MALLOC_ARENA_MAX" in os.environ or "arena_max" in os.environ.get("GLIBC_TUNABLES", "")
    if chosen or not sys.platform.startswith("linux"):
        return False
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    return mallopt is not None and mallopt(M_ARENA_MAX, count) == 1
