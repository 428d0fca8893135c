"""The session cookie's value: the user's name, an expiry and the session's
id, signed with HMAC-SHA256. Parsed strictly: anything but exactly what
``sign_cookie`` writes (ASCII, four fields) reads as no session at all."""

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

COOKIE_NAME = "diundash_session"

# name (unpadded base64url) . expiry (Unix seconds) . session id . signature (hex)
_COOKIE = re.compile(
    r"([A-Za-z0-9_-]{1,400})\.([0-9]{1,12})\.([A-Za-z0-9_-]{16,64})\.([0-9a-f]{64})", re.ASCII
)


@dataclass(frozen=True)
class SessionCookie:
    """What a session cookie says: who, until when (Unix seconds), which session."""

    user: str
    expires: int
    session_id: str


def _payload(cookie: SessionCookie) -> str:
    name = base64.urlsafe_b64encode(cookie.user.encode()).decode().rstrip("=")
    return f"{name}.{cookie.expires}.{cookie.session_id}"


def _signature(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def sign_cookie(key: bytes, cookie: SessionCookie) -> str:
    """The cookie's value, signed with ``key``."""
    payload = _payload(cookie)
    return f"{payload}.{_signature(key, payload)}"


def parse_cookie(value: str) -> tuple[SessionCookie, str] | None:
    """The cookie ``value`` names and its signature, unchecked; None when it
    is not shaped like one ``sign_cookie`` writes."""
    match = _COOKIE.fullmatch(value)
    if match is None:
        return None
    name, expires, session_id, signature = match.groups()
    try:
        user = base64.urlsafe_b64decode(name + "=" * (-len(name) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return SessionCookie(user, int(expires), session_id), signature


def signed_with(key: bytes, cookie: SessionCookie, signature: str) -> bool:
    """Whether ``signature`` is ``key``'s over ``cookie`` (in constant time)."""
    return hmac.compare_digest(_signature(key, _payload(cookie)), signature)
