"""API tokens: what one looks like and what is stored of it (a SHA-256).

``Commands.issue_token`` and ``revoke_token`` record them as events,
projected into the ``tokens`` read table that ``Queries.find_token`` reads
at sign-in."""

import hashlib
import secrets
from dataclasses import dataclass

TOKEN_PREFIX = "ddt_"


@dataclass(frozen=True)
class TokenInfo:
    """A live token as ``token list`` shows it (never the token itself)."""

    name: str
    read_only: bool
    issued_at: str


def new_token() -> str:
    """A fresh token: the prefix, then 256 random bits in base64url."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token: tokens are random, so a plain SHA-256 does."""
    return hashlib.sha256(token.encode()).hexdigest()
