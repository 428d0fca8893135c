"""API tokens: issued and revoked as events (only a SHA-256 of each is
stored), projected into the ``tokens`` read table the sign-in checks."""

import hashlib
import secrets
from dataclasses import dataclass

from peewee import Database

from diundash.clock import Clock, format_utc, utc_now
from diundash.commands import record_event
from diundash.events.store import last_recorded_at
from diundash.events.types import Audit, TokenIssued, TokenRevoked
from diundash.input_rules import InvalidInput, check_token_name
from diundash.storage import write_transaction

TOKEN_PREFIX = "ddt_"


class TokenRefused(ValueError):
    """A token cannot be issued or revoked as asked; nothing was appended."""


@dataclass(frozen=True)
class TokenInfo:
    """A live token as ``token list`` shows it (never the token itself)."""

    name: str
    read_only: bool
    issued_at: str


def token_hash(token: str) -> str:
    """What is stored of a token: tokens are random, so a plain SHA-256 does."""
    return hashlib.sha256(token.encode()).hexdigest()


def find_token(db: Database, token: str) -> TokenInfo | None:
    """The live token ``token`` is, or None."""
    row = db.execute_sql(
        "SELECT name, read_only, issued_at FROM tokens WHERE token_hash = ?", (token_hash(token),)
    ).fetchone()
    return TokenInfo(row[0], bool(row[1]), row[2]) if row else None


def list_tokens(db: Database) -> list[TokenInfo]:
    rows = db.execute_sql("SELECT name, read_only, issued_at FROM tokens ORDER BY name")
    return [TokenInfo(name, bool(read_only), issued_at) for name, read_only, issued_at in rows]


def _taken(db: Database, name: str) -> bool:
    return db.execute_sql("SELECT 1 FROM tokens WHERE name = ?", (name,)).fetchone() is not None


def issue_token(
    db: Database, name: str, read_only: bool, audit: Audit, clock: Clock = utc_now
) -> str:
    """Issue a token named ``name``; returns it (it is not stored, only its hash)."""
    try:
        check_token_name(name, "the name")  # the rule an imported TokenIssued obeys too
    except InvalidInput as error:
        raise TokenRefused(str(error)) from None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write_transaction(db):
        if _taken(db, name):
            raise TokenRefused(f"a token named {name!r} exists already: revoke it first")
        now = max(format_utc(clock()), last_recorded_at(db))
        event = TokenIssued(
            name=name, token_hash=token_hash(token), read_only=read_only, issued_at=now
        )
        record_event(db, event, audit, now)
    return token


def revoke_token(db: Database, name: str, audit: Audit, clock: Clock = utc_now) -> None:
    """Revoke the token ``name``: it signs no one in from the next request on."""
    with write_transaction(db):
        if not _taken(db, name):
            raise TokenRefused(f"there is no token named {name!r}")
        now = max(format_utc(clock()), last_recorded_at(db))
        record_event(db, TokenRevoked(name=name), audit, now)
