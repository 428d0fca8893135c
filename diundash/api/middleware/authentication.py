"""Who is asking: an API token (``Authorization: Bearer``, or as the
password of HTTP Basic, which start pages' WUD widgets send), a trusted
proxy's header, or a session cookie; on the feeds, a read-only token may
also come as ``?token=`` (feed readers cannot always send headers). The
name goes into the audit of what the request appends; with sign-in on,
``/api/``, the feeds (and ``/metrics``, unless ``METRICS_PUBLIC``) answer
401 to anyone else. ``/webhook`` keeps ``WEBHOOK_SECRET``, ``/healthz`` and
the page stay open.

A value that does not parse (a malformed cookie or token, a proxy's user
header that names no one) proves nothing: a 401, never a 500."""

import base64
import re
from dataclasses import dataclass

import falcon

from diundash.api.client_source import from_trusted_proxy
from diundash.api.middleware.cross_site import SAFE_METHODS
from diundash.auth.cookies import COOKIE_NAME
from diundash.auth.sessions import Sessions
from diundash.auth.tokens import TOKEN_PREFIX
from diundash.config import Settings
from diundash.projections.queries import Queries

# Open with sign-in on: signing in itself, and the API's description.
OPEN_PATHS = frozenset(("/api/session", "/api/openapi.json"))
METRICS_PATH = "/metrics"
# Guarded like /api/ and, unlike it, taking a read-only token in the URL.
FEED_PATHS = frozenset(("/feed.atom", "/feed.json"))
TOKEN_PARAM = "token"
BEARER = "bearer "
BASIC = "basic "
# What `diundash token create` issues: the prefix, then base64url.
TOKEN_SHAPE = re.compile(re.escape(TOKEN_PREFIX) + r"[A-Za-z0-9_-]{16,128}", re.ASCII)
MAX_USER_LENGTH = 256
# A user name a proxy may send: no control characters (C0, DEL, C1).
USER_NAME = re.compile(rf"[^\x00-\x1f\x7f-\x9f]{{1,{MAX_USER_LENGTH}}}")
_CHALLENGE = 'Bearer realm="diundash"'


@dataclass(frozen=True)
class Identity:
    """Who a request is from, and how they proved it (session, token, proxy)."""

    name: str
    via: str
    read_only: bool = False


class Authentication:
    """Sets ``req.context.identity`` (None: nobody) on every ``/api/``
    request, and on ``/metrics`` when it needs sign-in."""

    def __init__(self, settings: Settings, queries: Queries, sessions: Sessions) -> None:
        self.settings = settings
        self.queries = queries
        self.sessions = sessions
        self.metrics_guarded = settings.sign_in_required and not settings.metrics_public

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.identity = None
        if req.path.startswith("/api/") or req.path == "/api":
            guarded = req.path not in OPEN_PATHS
        elif req.path in FEED_PATHS or (req.path == METRICS_PATH and self.metrics_guarded):
            guarded = True
        else:
            return
        identity = self.identify(req)
        req.context.identity = identity
        if identity is None:
            if self.settings.sign_in_required and guarded:
                raise falcon.HTTPUnauthorized(
                    title="Sign-in required",
                    description="sign in on the page, or send Authorization: Bearer <token>",
                    challenges=[_CHALLENGE],
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
            return self.token_identity(authorization[len(BEARER) :].strip())
        if authorization[: len(BASIC)].lower() == BASIC:
            # Only a password shaped like a token is taken for one: a proxy's
            # own Basic sign-in (nginx's auth_basic passes it on) proves nothing here.
            password = _basic_password(authorization[len(BASIC) :])
            if password.startswith(TOKEN_PREFIX):
                return self.token_identity(password)
        in_url = req.get_param(TOKEN_PARAM) if req.path in FEED_PATHS else None
        if in_url is not None:
            identity = self.token_identity(in_url)
            if not identity.read_only:
                raise falcon.HTTPUnauthorized(
                    title="Token not read-only",
                    description=f"the token {identity.name!r} may change things: only a "
                    "read-only token may travel in a URL (diundash token create NAME --read-only)",
                    challenges=[f'{_CHALLENGE}, error="invalid_token"'],
                )
            return identity
        header = self.settings.auth_trusted_header
        if header and from_trusted_proxy(req.remote_addr, self.settings.auth_trusted_proxies):
            user = (req.get_header(header) or "").strip()
            if user:
                if not USER_NAME.fullmatch(user):
                    raise falcon.HTTPUnauthorized(
                        title="Sign-in required",
                        description=f"the proxy's {header} header does not name a user",
                        challenges=[_CHALLENGE],
                    )
                return Identity(user, "proxy")
        if not self.settings.auth_password:
            return None
        cookie = req.cookies.get(COOKIE_NAME)
        if cookie:
            session = self.sessions.find(cookie)
            if session is not None:
                return Identity(session.user, "session")
        return None

    def token_identity(self, token: str) -> Identity:
        """The identity an API token proves; a 401 when it is no live token."""
        found = self.queries.find_token(token) if TOKEN_SHAPE.fullmatch(token) else None
        if found is None:
            raise falcon.HTTPUnauthorized(
                title="Invalid token",
                description="the API token is unknown or was revoked",
                challenges=[f'{_CHALLENGE}, error="invalid_token"'],
            )
        return Identity(found.name, "token", found.read_only)


def _basic_password(credentials: str) -> str:
    """The password of HTTP Basic credentials (any user name); "" when they
    do not parse."""
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode()
    except ValueError:  # not ASCII, not base64 (binascii.Error), or not UTF-8
        return ""
    return decoded.partition(":")[2]
