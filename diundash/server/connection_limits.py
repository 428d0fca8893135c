"""How many connections the server may hold open, within the file descriptors
the process may have.

waitress keeps every connection in its main loop, whatever it is doing, and
stops accepting once ``connection_limit`` are open; its defaults (100, and
idle connections kept 120 s) let a hundred idle or trickling sockets lock
every client out for minutes. diundash holds thousands and drops idle ones
after seconds; this module makes sure the process can open that many.
"""

import logging
import resource

log = logging.getLogger("diundash")

# Descriptors kept for everything that is not a client connection: the
# database and its WAL, log files, the listening socket, waitress's trigger.
RESERVED_FDS = 64


def usable_connection_limit(wanted: int) -> int:
    """``wanted``, after raising the soft limit of open files towards the
    hard one as far as needed; lowered (with a warning) when the hard limit
    leaves no room for that many."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted + RESERVED_FDS
    if soft != resource.RLIM_INFINITY and soft < needed:
        raised = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (ValueError, OSError) as error:
            log.warning("cannot raise the open-file limit to %d: %s", raised, error)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return wanted
    usable = max(1, soft - RESERVED_FDS)
    log.warning(
        "CONNECTION_LIMIT=%d needs %d open files but the limit is %d: holding at most "
        "%d connections (raise `ulimit -n`)",
        wanted,
        needed,
        soft,
        usable,
    )
    return usable
