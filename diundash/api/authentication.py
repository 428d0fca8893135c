"""Who is asking: an API token (``Authorization: Bearer``), a trusted
proxy's header, or a session cookie. The name goes into the audit of what
the request appends; with sign-in on, ``/api/`` answers 401 to anyone else.
``/webhook`` keeps ``WEBHOOK_SECRET``, ``/healthz`` and the page stay open."""

import time
from collections.abc import Callable
from dataclasses import dataclass

import falcon
from peewee import Database

from diundash.api.cross_site import SAFE_METHODS, from_trusted_proxy
from diundash.auth.sessions import COOKIE_NAME, session_key, session_user
from diundash.auth.tokens import find_token
from diundash.config import Settings

# Open with sign-in on: signing in itself, and the API's description.
OPEN_PATHS = frozenset(("/api/session", "/api/openapi.json"))
BEARER = "bearer "


@dataclass(frozen=True)
class Identity:
    """Who a request is from, and how they proved it (session, token, proxy)."""

    name: str
    via: str
    read_only: bool = False


class Authentication:
    """Sets ``req.context.identity`` (None: nobody) on every ``/api/`` request."""

    def __init__(
        self, db: Database, settings: Settings, now: Callable[[], float] = time.time
    ) -> None:
        self.db = db
        self.settings = settings
        self.now = now

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.identity = None
        if not (req.path.startswith("/api/") or req.path == "/api"):
            return
        identity = self.identify(req)
        req.context.identity = identity
        if identity is None:
            if self.settings.sign_in_required and req.path not in OPEN_PATHS:
                raise falcon.HTTPUnauthorized(
                    title="Sign-in required",
                    description="sign in on the page, or send Authorization: Bearer <token>",
                    challenges=['Bearer realm="diundash"'],
                )
            return
        if identity.read_only and req.method not in SAFE_METHODS:
            raise falcon.HTTPForbidden(
                title="Read-only token",
                description=f"the token {identity.name!r} may only read (GET)",
            )

    def identify(self, req: falcon.Request) -> Identity | None:
        """The identity ``req`` proves; a token that is not valid is a 401."""
        authorization = req.get_header("Authorization") or ""
        if authorization[: len(BEARER)].lower() == BEARER:
            token = find_token(self.db, authorization[len(BEARER) :].strip())
            if token is None:
                raise falcon.HTTPUnauthorized(
                    title="Invalid token",
                    description="the API token is unknown or was revoked",
                    challenges=['Bearer realm="diundash", error="invalid_token"'],
                )
            return Identity(token.name, "token", token.read_only)
        header = self.settings.auth_trusted_header
        if header and from_trusted_proxy(req.remote_addr, self.settings.auth_trusted_proxies):
            user = (req.get_header(header) or "").strip()
            if user:
                return Identity(user, "proxy")
        if not self.settings.auth_password:
            return None
        cookie = req.cookies.get(COOKIE_NAME)
        if cookie:
            key = session_key(self.db)
            signed_in = session_user(key, cookie, int(self.now())) if key else None
            if signed_in is not None:
                return Identity(signed_in, "session")
        return None
