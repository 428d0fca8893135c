"""The settings of "update now": each host's update hook (``UPDATE_HOOKS``),
how long a call may take, and whether hooks may run without sign-in."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from diundash.config.endpoints import Endpoint, read_endpoints
from diundash.config.values import ConfigError, duration, switch

HOOK_METHODS = ("POST", "GET", "PUT", "PATCH")


@dataclass(frozen=True)
class HookSettings:
    """``hooks``: each host's update hook (its URL and headers are never
    shown); ``timeout``: the longest a call may take (UPDATE_HOOK_TIMEOUT);
    ``without_sign_in``: hooks may run with sign-in off, so whoever reaches
    the page can update containers (UPDATE_HOOKS_WITHOUT_SIGN_IN)."""

    hooks: dict[str, Endpoint] = field(default_factory=dict, hash=False, repr=False)
    timeout: timedelta = timedelta(seconds=30)
    without_sign_in: bool = False

    def hook_for(self, host: str) -> Endpoint | None:
        """``host``'s update hook, if it has one."""
        return self.hooks.get(host)


def read_hook_settings(env: Mapping[str, str], sign_in_required: bool) -> HookSettings:
    """``UPDATE_HOOKS`` (or ``UPDATE_HOOKS_FILE``), ``UPDATE_HOOK_TIMEOUT``
    and ``UPDATE_HOOKS_WITHOUT_SIGN_IN``. Hooks with sign-in off are refused
    unless that last one says so."""
    defaults = HookSettings()
    settings = HookSettings(
        hooks=read_endpoints(env, "UPDATE_HOOKS", HOOK_METHODS),
        timeout=duration(env, "UPDATE_HOOK_TIMEOUT", defaults.timeout),
        without_sign_in=switch(env, "UPDATE_HOOKS_WITHOUT_SIGN_IN", defaults.without_sign_in),
    )
    if settings.hooks and not sign_in_required and not settings.without_sign_in:
        raise ConfigError(
            "UPDATE_HOOKS with sign-in off would let anyone who reaches the page update "
            "containers: turn sign-in on (AUTH_PASSWORD or AUTH_TRUSTED_HEADER), or set "
            "UPDATE_HOOKS_WITHOUT_SIGN_IN=true if something in front of diundash guards it"
        )
    return settings
