"""What both engines share: the read tables, the projection state's columns, errors."""

# The read model's shape: a database whose read_model is lower was projected
# by an older version and is rebuilt from the log when opened. 2: per-host
# entries (host_updates). 3: the notifications sent (notifications,
# reminded_updates). 4: deployments and update requests on host entries, and
# silent hosts (silent_hosts). 5: version kinds (previous_tag, change and
# repository_versions), snoozes, the names every provider gives its workloads.
READ_MODEL_VERSION = 5

# Columns of projection_state past id and position, added to older tables.
PROJECTION_STATE_COLUMNS = {
    "last_tag_id": "BIGINT NOT NULL DEFAULT 0",  # tag ids are never reused
    "read_model": "INTEGER NOT NULL DEFAULT 0",  # READ_MODEL_VERSION it was built by
    "generation": "BIGINT NOT NULL DEFAULT 0",  # one more at each rebuild: in the ETag
}

# Columns of host_updates past its first version's, added to older tables (a
# read model that lacks them is older than READ_MODEL_VERSION, so it is rebuilt).
HOST_UPDATE_COLUMNS = {
    "deployed_at": "TEXT",  # UpdateDeployed: when it was reported deployed
    "update_requested_at": "TEXT",  # UpdateRequested: the last call of the host's hook
    "update_hook_status": "INTEGER",  # what the hook answered then (NULL: no answer)
    "previous_tag": "TEXT",  # the newest tag of the repository before this one
    "change": "TEXT",  # digest, major, minor, patch, prerelease or NULL
    "snoozed_until": "TEXT",  # acknowledged until then, pending again afterwards
}
# Indexes on those columns, created once they exist.
HOST_UPDATE_INDEXES = (
    "CREATE INDEX IF NOT EXISTS host_updates_by_snooze ON host_updates (snoozed_until)",
)

# Columns of read_model_snapshots past position and state, added to older
# tables (their snapshots keep format 0: not read, dropped by the next rebuild).
SNAPSHOT_COLUMNS = {
    "format": "INTEGER NOT NULL DEFAULT 0",  # projections/snapshots.py SNAPSHOT_FORMAT
}

# The read tables both engines keep alike (BIGINT has SQLite's INTEGER
# affinity); only ``tags`` differs, below each engine's event table. The
# columns follow DiunDashboard's schema so existing tooling can read them;
# ``event_json``, ``host_updates`` and ``projection_state`` are diundash's.
READ_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS updates (
        image TEXT PRIMARY KEY,
        diun_version TEXT NOT NULL DEFAULT '',
        hostname TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        provider TEXT NOT NULL DEFAULT '',
        hub_link TEXT NOT NULL DEFAULT '',
        mime_type TEXT NOT NULL DEFAULT '',
        digest TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL DEFAULT '',
        platform TEXT NOT NULL DEFAULT '',
        ctn_name TEXT NOT NULL DEFAULT '',
        ctn_id TEXT NOT NULL DEFAULT '',
        ctn_state TEXT NOT NULL DEFAULT '',
        ctn_status TEXT NOT NULL DEFAULT '',
        received_at TEXT NOT NULL,
        acknowledged_at TEXT,
        event_json TEXT NOT NULL DEFAULT '{}'
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS tag_assignments (
        image TEXT PRIMARY KEY,
        tag_id BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS host_updates (
        hostname TEXT NOT NULL,
        image TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT '',
        digest TEXT NOT NULL DEFAULT '',
        platform TEXT NOT NULL DEFAULT '',
        diun_version TEXT NOT NULL DEFAULT '',
        containers TEXT NOT NULL DEFAULT '',
        received_at TEXT NOT NULL,
        receipt_position BIGINT NOT NULL,
        acknowledged_at TEXT,
        event_json TEXT NOT NULL,
        deployed_at TEXT,
        update_requested_at TEXT,
        update_hook_status INTEGER,
        PRIMARY KEY (hostname, image)
    )
    """,
    # Hosts whose DIUN went quiet (HostSilent, until HostBack or HostForgotten).
    """
    CREATE TABLE IF NOT EXISTS silent_hosts (
        hostname TEXT PRIMARY KEY,
        since TEXT NOT NULL,
        reason TEXT NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS host_updates_by_image ON host_updates (image)",
    # Every tag of each repository the log received that reads as a version
    # (versions.py): what a receipt's previous_tag is chosen from.
    """
    CREATE TABLE IF NOT EXISTS repository_versions (
        repository TEXT NOT NULL,
        tag TEXT NOT NULL,
        PRIMARY KEY (repository, tag)
    )
    """,
    # Snapshots of the read model every so many events, written by a rebuild,
    # so time travel folds forward from the nearest one (derived: never part
    # of the log, never exported; a rebuild keeps those it would write again
    # and drops the rest). Its format column: SNAPSHOT_COLUMNS.
    """
    CREATE TABLE IF NOT EXISTS read_model_snapshots (
        position BIGINT PRIMARY KEY,
        state TEXT NOT NULL
    )
    """,
    # Each notification to each channel as its latest attempt left it
    # (projections/effects/notifications.py). covered_to: the last receipt a
    # batch of new updates covered, or the log position a digest was built
    # at; slot: the time a digest was scheduled for; position: the latest
    # attempt's event (its text, to send again).
    """
    CREATE TABLE IF NOT EXISTS notifications (
        key TEXT NOT NULL,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        outcome TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        first_attempt_at TEXT NOT NULL,
        last_attempt_at TEXT NOT NULL,
        retry_at TEXT,
        error TEXT,
        covered_to BIGINT,
        slot TEXT,
        position BIGINT NOT NULL,
        PRIMARY KEY (key, channel)
    )
    """,
    "CREATE INDEX IF NOT EXISTS notifications_by_time ON notifications (last_attempt_at)",
    # The pending updates (their receipt's position) a reminder told of: each
    # is reminded about once, by the notification ``key``.
    """
    CREATE TABLE IF NOT EXISTS reminded_updates (
        receipt_position BIGINT PRIMARY KEY,
        key TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS projection_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position BIGINT NOT NULL
    )
    """,
)

CREATE_PROJECTION_STATE = (
    "INSERT INTO projection_state (id, position, read_model) "
    f"VALUES (1, 0, {READ_MODEL_VERSION}) ON CONFLICT DO NOTHING"
)


# Nullable columns of the event table added after its first version; an older
# log gets them when opened (its rows keep NULL: no row is rewritten).
EVENT_COLUMNS = {
    "actor": "TEXT",  # who was signed in: a user, or an API token's name
}

# The tokens read table (projected from TokenIssued/TokenRevoked) and the key
# that signs session cookies: one per database, so every instance on it
# accepts the same sessions; replacing it signs every session out.
AUTH_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS tokens (
        name TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        read_only BOOLEAN NOT NULL,
        issued_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS session_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    # Live password sessions (auth/sessions.py): a row per sign-in, deleted at
    # sign-out or revoke-all, and once expired; only a SHA-256 of the id the
    # cookie carries is kept. password_id names the AUTH_PASSWORD it was
    # opened with, so a new password ends the sessions of the old one.
    """
    CREATE TABLE IF NOT EXISTS sessions (
        id_hash TEXT PRIMARY KEY,
        user_name TEXT NOT NULL,
        password_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at BIGINT NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires_at)",
    # Wrong passwords and webhook secrets (auth/throttle.py), per address or
    # user, shared by every instance; a row is deleted an hour after its last
    # failure. Times are Unix seconds.
    """
    CREATE TABLE IF NOT EXISTS auth_failures (
        scope TEXT NOT NULL,
        subject TEXT NOT NULL,
        failures INTEGER NOT NULL,
        recent TEXT NOT NULL,
        retry_at DOUBLE PRECISION NOT NULL,
        last_failed_at DOUBLE PRECISION NOT NULL,
        claimed_until DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (scope, subject)
    )
    """,
    "CREATE INDEX IF NOT EXISTS auth_failures_by_retry ON auth_failures (retry_at)",
)


# What the heartbeat (diundash/heartbeat/) last read of each host's DIUN
# metrics: state outside the log, like the sign-in throttles', shared by every
# instance on the database and kept across restarts. Only changes of state
# (HostSilent, HostBack) become events. Times are RFC 3339 UTC.
HEARTBEAT_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS heartbeat_readings (
        hostname TEXT PRIMARY KEY,
        watched_since TEXT NOT NULL,
        read_at TEXT NOT NULL,
        last_check_at TEXT,
        runs_total DOUBLE PRECISION,
        diun_version TEXT NOT NULL DEFAULT '',
        unreadable_since TEXT,
        error TEXT NOT NULL DEFAULT ''
    )
    """,
)


# Leases (diundash/leases.py): who may do a piece of work every instance on
# the database could do (send a notification), until when. Not derived from
# the log: a lease is taken, renewed and released as the work goes. Times
# are Unix seconds.
LEASE_TABLES = (
    """
    CREATE TABLE IF NOT EXISTS leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL
    )
    """,
)


class NotADiundashDatabase(Exception):
    """The file or schema holds something else (a DiunDashboard database, no
    SQLite database at all, another application's tables); diundash leaves
    it untouched."""


class DatabaseNotWritable(Exception):
    """The database cannot be written (a read-only file system, a file or a
    directory without write permission): diundash would fail every write."""
