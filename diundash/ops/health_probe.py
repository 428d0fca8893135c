"""``diundash healthcheck``: ask the running service's ``/healthz``, for a
container HEALTHCHECK (the slim image has no curl)."""

from diundash.config import Settings

DEFAULT_TIMEOUT_S = 5.0
# Where to reach a server listening on every address of the machine.
_LOOPBACK_FOR = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "[::1]"}


def health_url(settings: Settings) -> str:
    """``/healthz`` of the service these settings start, seen from this machine."""
    host = _LOOPBACK_FOR.get(settings.host, settings.host)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{settings.port}/healthz"


def probe(url: str, timeout: float = DEFAULT_TIMEOUT_S) -> tuple[bool, str]:
    """GET ``url``: whether it answered 200, and what it said (or why it did not)."""
    # Imported here: every other command of the CLI would pay for urllib.
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return False, f"{error.code}: {error.read().decode(errors='replace')}"
    except (urllib.error.URLError, OSError) as error:
        return False, f"{url} did not answer: {getattr(error, 'reason', error)}"
