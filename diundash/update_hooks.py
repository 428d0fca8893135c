"""Calling a host's update hook (``UPDATE_HOOKS``): what "Update" on the
page does, on the server, never in the browser (the hook's URL and token
stay here).

A call is one request (never retried: a second click is a second call),
with ``{image}`` and ``{host}`` filled into the URL and, except for GET,
``{"image": ..., "host": ...}`` as its JSON body. A 2xx means the hook took
the request, not that anything was deployed. What it answered is kept in
words of our own (``outcome``, for the log of events) and, for a refusal,
the start of its body with every part of the URL and headers that may be
secret cut out (``detail``).
"""

import logging
from dataclasses import dataclass

import orjson

from diundash.config.endpoints import Endpoint
from diundash.outbound import Outbound, OutboundFailure, fill, redacted, secrets_of
from diundash.projections.update_views import hook_accepted

log = logging.getLogger(__name__)
# What is read of a hook's answer, and shown of it.
MAX_ANSWER_BYTES = 4096
MAX_DETAIL_CHARACTERS = 200


@dataclass(frozen=True)
class HookAnswer:
    """How a call of an update hook went: the status it answered (None when
    it gave no answer), what happened in words (``outcome``: no URL, no
    header), and the start of what it said, secrets cut out (``detail``)."""

    status: int | None
    outcome: str
    detail: str = ""

    @property
    def accepted(self) -> bool:
        """Whether the hook took the request (a 2xx)."""
        return hook_accepted(self.status)


class HookCaller:
    """Calls update hooks, each call bounded by ``timeout_s``."""

    def __init__(self, timeout_s: float, outbound: Outbound | None = None) -> None:
        self.timeout_s = timeout_s
        self.outbound = outbound or Outbound()

    def call(self, hook: Endpoint, image: str, host: str) -> HookAnswer:
        """Ask ``hook`` to update ``image`` on ``host``, once."""
        url = fill(hook.url, {"image": image, "host": host})
        headers = {"User-Agent": "diundash", "Accept": "application/json, text/plain, */*"}
        body = None
        if hook.method != "GET":
            body = orjson.dumps({"image": image, "host": host})
            headers["Content-Type"] = "application/json"
        headers.update(hook.headers)
        try:
            answer = self.outbound.send(
                hook.method, url, headers, body, self.timeout_s, MAX_ANSWER_BYTES
            )
        except OutboundFailure as failure:
            outcome = f"the hook could not be called: {failure}"
            log.warning("update of %s on %r: %s", image, host, outcome)
            return HookAnswer(None, outcome)
        if hook_accepted(answer.status):
            outcome = f"the hook accepted it ({answer.status_line})"
            log.info("update of %s on %r: %s", image, host, outcome)
            return HookAnswer(answer.status, outcome)
        outcome = f"the hook refused it ({answer.status_line})"
        if 300 <= answer.status < 400:
            outcome += ": it redirects, and redirects are not followed"
        log.warning("update of %s on %r: %s", image, host, outcome)
        return HookAnswer(answer.status, outcome, _detail(answer.body, url, hook))


def _detail(body: bytes, url: str, hook: Endpoint) -> str:
    """The start of a hook's answer as one line of text, secrets cut out."""
    text = body.decode("utf-8", "replace")
    text = redacted(text, [url, *secrets_of(hook.url, hook.headers)])
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text if len(text) <= MAX_DETAIL_CHARACTERS else text[:MAX_DETAIL_CHARACTERS] + "…"
