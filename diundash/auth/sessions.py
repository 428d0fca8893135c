"""Password sessions: a row per sign-in in the database (``sessions``), so
every instance on one database sees a sign-out, a ``sessions revoke-all`` or
a new password at once; the cookie carries the session's id, signed with
``SESSION_SECRET`` or else with the key kept in the database (``session_key``).

A session ends at its expiry, at sign-out, at ``diundash sessions
revoke-all`` or ``rotate-session-key``, when ``AUTH_PASSWORD`` changes, and
when the signing key does (``SESSION_SECRET`` changed, or set or unset)."""

import hashlib
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime

from peewee import Database

from diundash.auth.cookies import SessionCookie, parse_cookie, sign_cookie, signed_with
from diundash.clock import format_utc
from diundash.config import Settings
from diundash.storage import write_transaction

KEY_BYTES = 32
SESSION_ID_BYTES = 18  # 24 characters in the cookie; 144 random bits

INSERT_KEY = (
    "INSERT INTO session_key (id, secret, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING"
)
REPLACE_KEY = "UPDATE session_key SET secret = ?, created_at = ? WHERE id = 1"
READ_KEY = "SELECT secret FROM session_key WHERE id = 1"
_LIVE = "s.id_hash = ? AND s.password_id = ? AND s.expires_at > ?"
FIND_WITH_STORED_KEY = (
    f"SELECT s.user_name, k.secret FROM sessions s JOIN session_key k ON k.id = 1 WHERE {_LIVE}"
)
FIND = f"SELECT s.user_name FROM sessions s WHERE {_LIVE}"


def ensure_session_key(db: Database, now: datetime) -> None:
    """Create the signing key at first start (a second instance keeps the first's)."""
    with write_transaction(db):
        db.execute_sql(INSERT_KEY, (secrets.token_hex(KEY_BYTES), format_utc(now)))


def rotate_session_key(db: Database, now: datetime) -> None:
    """Replace the signing key and end every session."""
    with write_transaction(db):
        db.execute_sql(INSERT_KEY, (secrets.token_hex(KEY_BYTES), format_utc(now)))
        db.execute_sql(REPLACE_KEY, (secrets.token_hex(KEY_BYTES), format_utc(now)))
        db.execute_sql("DELETE FROM sessions")


def session_key(db: Database) -> bytes | None:
    """The signing key kept in the database."""
    row = db.execute_sql(READ_KEY).fetchone()
    return bytes.fromhex(row[0]) if row else None


def end_all_sessions(db: Database) -> int:
    """End every password session, on every instance; returns how many were live."""
    with db.atomic():
        return int(db.execute_sql("DELETE FROM sessions").rowcount)


def password_id(password_hash: str) -> str:
    """Which ``AUTH_PASSWORD`` a session was opened with. A digest of the hash
    (itself salted), so the database holds nothing to test passwords against."""
    return hashlib.sha256(b"diundash session password\0" + password_hash.encode()).hexdigest()


def _id_hash(session_id: str) -> str:
    # The id is random, so a plain SHA-256 keeps it from whoever reads the database.
    return hashlib.sha256(session_id.encode()).hexdigest()


class Sessions:
    """Opens, finds and ends the password sessions of one ``AUTH_PASSWORD``."""

    def __init__(
        self, db: Database, settings: Settings, now: Callable[[], float] = time.time
    ) -> None:
        self.db = db
        self.secret = settings.session_secret.encode()
        self.password_id = password_id(settings.auth_password)
        self.lifetime = int(settings.session_lifetime.total_seconds())
        self.now = now

    def open(self, user: str) -> str:
        """Open a session for ``user``; returns the cookie's value. Expired
        sessions are deleted on the way, so the table holds only live ones."""
        now = self.now()
        session_id = secrets.token_urlsafe(SESSION_ID_BYTES)
        cookie = SessionCookie(user, int(now) + self.lifetime, session_id)
        created_at = format_utc(datetime.fromtimestamp(now, UTC))
        with self.db.atomic():
            self.db.execute_sql("DELETE FROM sessions WHERE expires_at <= ?", (int(now),))
            self.db.execute_sql(
                "INSERT INTO sessions (id_hash, user_name, password_id, created_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (_id_hash(cookie.session_id), user, self.password_id, created_at, cookie.expires),
            )
            key = self.secret or session_key(self.db)
        assert key is not None, "create_app makes the key"
        return sign_cookie(key, cookie)

    def find(self, value: str) -> SessionCookie | None:
        """The live session the cookie ``value`` names, or None: malformed,
        forged, signed with another key, expired, ended, or of another password."""
        parsed = parse_cookie(value)
        now = int(self.now())
        if parsed is None or parsed[0].expires <= now:
            return None
        cookie, signature = parsed
        params = (_id_hash(cookie.session_id), self.password_id, now)
        if self.secret:
            row = self.db.execute_sql(FIND, params).fetchone()
            key = self.secret
        else:
            row = self.db.execute_sql(FIND_WITH_STORED_KEY, params).fetchone()
            key = bytes.fromhex(row[1]) if row else b""
        if row is None or row[0] != cookie.user or not signed_with(key, cookie, signature):
            return None
        return cookie

    def end(self, value: str) -> None:
        """End the session the cookie ``value`` names, if any (sign-out)."""
        parsed = parse_cookie(value)
        if parsed is not None:
            with self.db.atomic():
                self.db.execute_sql(
                    "DELETE FROM sessions WHERE id_hash = ?", (_id_hash(parsed[0].session_id),)
                )
