"""``/api/session``: sign in with the password (a session cookie), see who
is signed in, sign out."""

import falcon

from diundash.api.body import read_json_object
from diundash.api.client_source import client_source, from_trusted_proxy
from diundash.api.middleware.authentication import Identity
from diundash.auth.cookies import COOKIE_NAME
from diundash.auth.passwords import password_matches
from diundash.auth.sessions import Sessions
from diundash.auth.throttle import SignInThrottle
from diundash.config import Settings

MAX_PASSWORD_LENGTH = 1024


class SessionResource:
    """GET: who is signed in; POST ``{"password": ...}``: sign in; DELETE: sign out."""

    def __init__(self, settings: Settings, sessions: Sessions, throttle: SignInThrottle) -> None:
        self.settings = settings
        self.sessions = sessions
        self.throttle = throttle

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.cache_control = ["no-store"]
        identity: Identity | None = req.context.identity
        if identity is None and self.settings.sign_in_required:
            raise falcon.HTTPUnauthorized(
                title="Sign-in required",
                description="nobody is signed in",
                challenges=['Bearer realm="diundash"'],
            )
        resp.media = _session_json(identity, self.settings)

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        password = read_json_object(req).get("password")
        if not isinstance(password, str) or not 0 < len(password) <= MAX_PASSWORD_LENGTH:
            raise falcon.HTTPBadRequest(description="'password' must be a non-empty string")
        if not self.settings.auth_password:
            raise falcon.HTTPUnauthorized(
                title="Password sign-in is off",
                description="no password signs in here: AUTH_PASSWORD is not set",
                challenges=['Bearer realm="diundash"'],
            )
        source, user = client_source(req, self.settings.trusted_proxies), self.settings.auth_user
        wait = self.throttle.begin(source, user)
        if wait > 0:
            raise falcon.HTTPTooManyRequests(
                description="a wrong password came from this address: try again in "
                f"{wait:.0f} s (or another attempt from it is being checked)",
                retry_after=max(1, round(wait)),
            )
        if not password_matches(self.settings.auth_password, password):
            self.throttle.failed(source, user)
            raise falcon.HTTPUnauthorized(
                title="Wrong password",
                description="the password is wrong",
                challenges=['Bearer realm="diundash"'],
            )
        self.throttle.succeeded(source)
        lifetime = int(self.settings.session_lifetime.total_seconds())
        resp.set_cookie(
            COOKIE_NAME,
            self.sessions.open(user),
            max_age=lifetime,
            path="/",
            secure=self._over_https(req),
            http_only=True,
            same_site="Strict",
        )
        resp.media = _session_json(Identity(user, "session"), self.settings)

    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Sign out: the session ends on every instance, and the cookie is cleared."""
        cookie = req.cookies.get(COOKIE_NAME)
        if cookie and self.settings.auth_password:
            self.sessions.end(cookie)
        resp.unset_cookie(COOKIE_NAME, path="/", same_site="Strict")
        resp.status = falcon.HTTP_204

    def _over_https(self, req: falcon.Request) -> bool:
        if req.scheme == "https":
            return True
        proto = (req.get_header("X-Forwarded-Proto") or "").split(",")[0].strip().lower()
        return proto == "https" and from_trusted_proxy(
            req.remote_addr, self.settings.trusted_proxies
        )


def _session_json(identity: Identity | None, settings: Settings) -> dict[str, object]:
    return {
        "user": identity.name if identity else None,
        "via": identity.via if identity else None,
        "read_only": identity.read_only if identity else False,
        "sign_in_required": settings.sign_in_required,
        "password_sign_in": bool(settings.auth_password),
    }
