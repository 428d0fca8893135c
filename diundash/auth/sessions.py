"""Session cookies: the user's name and an expiry, signed with a key kept in
the database (``session_key``), so every instance on one database accepts
the same sessions. Replacing the key signs everyone out."""

import base64
import binascii
import hashlib
import hmac
import secrets
from datetime import datetime

from peewee import Database

from diundash.clock import format_utc
from diundash.storage import write_transaction

COOKIE_NAME = "diundash_session"
KEY_BYTES = 32

INSERT_KEY = (
    "INSERT INTO session_key (id, secret, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING"
)
REPLACE_KEY = "UPDATE session_key SET secret = ?, created_at = ? WHERE id = 1"
READ_KEY = "SELECT secret FROM session_key WHERE id = 1"


def ensure_session_key(db: Database, now: datetime) -> None:
    """Create the signing key at first start (a second instance keeps the first's)."""
    with write_transaction(db):
        db.execute_sql(INSERT_KEY, (secrets.token_hex(KEY_BYTES), format_utc(now)))


def rotate_session_key(db: Database, now: datetime) -> None:
    """Replace the signing key: every session cookie signed so far stops working."""
    with write_transaction(db):
        db.execute_sql(INSERT_KEY, (secrets.token_hex(KEY_BYTES), format_utc(now)))
        db.execute_sql(REPLACE_KEY, (secrets.token_hex(KEY_BYTES), format_utc(now)))


def session_key(db: Database) -> bytes | None:
    """The current signing key, read each time so a rotation shows at once."""
    row = db.execute_sql(READ_KEY).fetchone()
    return bytes.fromhex(row[0]) if row else None


def _signature(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def sign_session(key: bytes, user: str, expires: int) -> str:
    """The cookie value for ``user`` until ``expires`` (Unix seconds)."""
    name = base64.urlsafe_b64encode(user.encode()).decode().rstrip("=")
    payload = f"{name}.{expires}"
    return f"{payload}.{_signature(key, payload)}"


def session_user(key: bytes, cookie: str, now: int) -> str | None:
    """The user ``cookie`` signs in, or None when it is forged, from an
    older key, malformed or expired."""
    parts = cookie.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    name, expires, signature = parts
    if not hmac.compare_digest(_signature(key, f"{name}.{expires}"), signature):
        return None
    if int(expires) <= now:
        return None
    try:
        return base64.urlsafe_b64decode(name + "=" * (-len(name) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
