"""The rules for what may come in, whatever the way in: the webhook, the
API, ``diundash import`` and ``diundash import-legacy`` all check with these,
so a value one refuses cannot come in through another. Events already in the
log are never checked again (nor refused, nor rewritten).

Every failure is ``InvalidInput``, with a message that names the field; the
API answers it with a 400, the importers with the line or row and exit code 1.
"""

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from diundash.clock import format_utc, parse_rfc3339
from diundash.diun import TEXT_FIELDS
from diundash.events.types import (
    Event,
    HostBack,
    HostForgotten,
    HostRenamed,
    HostSilent,
    NotificationSent,
    TagAssigned,
    TagCreated,
    TagDeleted,
    TagUnassigned,
    TokenIssued,
    TokenRevoked,
    UpdateDeployed,
    UpdateDismissed,
    UpdateForgotten,
    UpdateReceived,
    UpdateRequested,
    UpdateSnoozed,
)

MAX_IMAGE_LENGTH = 1024
MAX_TAG_NAME_LENGTH = 100
MAX_ID = 2**63 - 1
MAX_HOST_LENGTH = 255
MAX_DIGEST_LENGTH = 255  # DIUN's are "sha256:" and 64 hex digits
# What the notifier records (diundash/notify/): the kinds of notification,
# the outcomes of an attempt, how many attempts, and a channel as it is
# shown: a scheme and a host (or "…" where the host is itself a secret),
# an optional port and a "#2" for a second channel of the same name.
NOTIFICATION_KINDS = ("new", "digest", "reminder", "test")
NOTIFICATION_OUTCOMES = ("sent", "failed")
MAX_NOTIFICATION_ATTEMPTS = 3
REDACTED_CHANNEL = re.compile(
    r"[a-z][a-z0-9+.-]*://([A-Za-z0-9.-]+|\[[0-9a-fA-F:.]+\]|…)(:[0-9]+)?( #[0-9]+)?"
)
# What ``token create`` takes as a name (it is the actor of the token's changes).
TOKEN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
# What is stored of a token: its SHA-256, as hashlib's hexdigest writes it.
TOKEN_HASH = re.compile(r"[0-9a-f]{64}")
# Control characters cannot be part of an image reference or a tag name (and
# PostgreSQL cannot store NUL in text at all).
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
# The same rules as patterns for the OpenAPI document (ECMA-262 there, Python
# here: the escapes below mean the same in both). The white space str.strip()
# removes is spelled out, since \s differs between the two (U+0085, U+FEFF).
_WHITE_SPACE = r" \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
NON_BLANK_TEXT_PATTERN = rf"^[^\x00-\x1f\x7f]*[^\x00-\x1f\x7f{_WHITE_SPACE}][^\x00-\x1f\x7f]*$"
# Characters that change how the text around them is shown, or take no room,
# without being seen: the bidirectional controls (Unicode's Bidi_Control) and
# the zero-width ones. In a name a person picks (a tag, a host's new name)
# they only disguise it: "abc\u202egpj.exe" shows as "abcexe.jpg", "prod\u200b"
# as "prod". Names DIUN reports are kept as sent; the page shows these visibly.
INVISIBLE_CHARACTERS = r"\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
INVISIBLE_CHARACTER = re.compile(f"[{INVISIBLE_CHARACTERS}]")
_NOT_IN_NAMES = rf"\x00-\x1f\x7f{INVISIBLE_CHARACTERS}"
NAME_PATTERN = rf"^[^{_NOT_IN_NAMES}]*[^{_NOT_IN_NAMES}{_WHITE_SPACE}][^{_NOT_IN_NAMES}]*$"


class InvalidInput(ValueError):
    """A value that may not come in; nothing was changed."""


def required_text(value: Any, what: str, max_length: int) -> str:
    """``value`` as a non-blank string of at most ``max_length`` characters,
    without control characters; ``what`` names it in the message."""
    if value is None:
        raise InvalidInput(f"{what} is required")
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be a string")
    if not value.strip():
        raise InvalidInput(f"{what} must not be empty")
    if len(value) > max_length:
        raise InvalidInput(f"{what} is longer than {max_length} characters")
    check_no_control_characters(value, what)
    return value


def check_no_control_characters(value: str, what: str) -> None:
    """Refuse ``value`` (an image or a tag name) if it holds a control character."""
    found = CONTROL_CHARACTER.search(value)
    if found:
        raise InvalidInput(
            f"{what} must not contain control characters "
            f"(found U+{ord(found.group()):04X} at index {found.start()})"
        )


def check_no_invisible_characters(value: str, what: str) -> None:
    """Refuse ``value`` (a name a person picks) if it holds a character of
    ``INVISIBLE_CHARACTERS``, named in the message."""
    found = INVISIBLE_CHARACTER.search(value)
    if found:
        character = found.group()
        raise InvalidInput(
            f"{what} must not contain U+{ord(character):04X} {unicodedata.name(character)} "
            f"(at index {found.start()}): it changes how the name is shown without being seen"
        )


def required_name(value: Any, what: str, max_length: int) -> str:
    """``value`` as ``required_text``, and without invisible characters."""
    text = required_text(value, what, max_length)
    check_no_invisible_characters(text, what)
    return text


def check_host_name(value: str, what: str) -> str:
    """``value``, if it can be a host name DIUN reported: at most
    ``MAX_HOST_LENGTH`` characters, no control character (empty: no name)."""
    if len(value) > MAX_HOST_LENGTH:
        raise InvalidInput(f"{what} is longer than {MAX_HOST_LENGTH} characters")
    check_no_control_characters(value, what)
    return value


def check_image(value: Any, what: str = "'image'") -> str:
    return required_text(value, what, MAX_IMAGE_LENGTH)


def check_tag_name(value: Any, what: str = "'name'") -> str:
    return required_name(value, what, MAX_TAG_NAME_LENGTH)


def check_new_host_name(value: Any, what: str = "'hostname'") -> str:
    """A host's new name (a rename): a non-blank name a person picks."""
    return required_name(value, what, MAX_HOST_LENGTH)


def check_id(value: Any, what: str) -> int:
    """An id is an integer (not a boolean). One no row can have names an
    unknown tag: the API answers 404, an import says it does not fit."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{what} must be an integer")
    return value


def check_token_name(value: Any, what: str = "'name'") -> str:
    """A token's name: letters, digits, '.', '_' and '-', up to 64, not
    starting with a punctuation mark (``token create`` and import alike)."""
    if not isinstance(value, str) or not TOKEN_NAME.fullmatch(value):
        raise InvalidInput(
            f"{what} {value!r} is not a token name: letters, digits, '.', '_' and '-', "
            "up to 64, starting with a letter or digit"
        )
    return value


def check_token_issued(event: TokenIssued) -> None:
    """A ``TokenIssued`` as ``token create`` records one."""
    check_token_name(event.name)
    if not TOKEN_HASH.fullmatch(event.token_hash):
        raise InvalidInput("'token_hash' must be a SHA-256 in 64 lowercase hex digits")
    if not isinstance(event.read_only, bool):
        raise InvalidInput("'read_only' must be true or false")
    _check_time(event.issued_at, "'issued_at'")


def check_diun_body(body: Mapping[str, Any]) -> None:
    """Refuse a DIUN body whose known fields have the wrong type; unknown fields pass."""
    check_image(body.get("image"))
    for key in TEXT_FIELDS:
        if not isinstance(body.get(key, ""), str | None):
            raise InvalidInput(f"{key!r} must be a string or null")
    # The host it names must be one the API can name back (GET, DELETE, rename).
    check_host_name(body.get("hostname") or "", "'hostname'")
    created = body.get("created")
    if created not in (None, "") and not (
        isinstance(created, str) and parse_rfc3339(created) is not None
    ):
        raise InvalidInput("'created' must be an RFC 3339 time or null")
    if not isinstance(body.get("metadata"), dict | None):
        raise InvalidInput("'metadata' must be an object or null")


def _check_time(value: str, what: str) -> None:
    if parse_rfc3339(value) is None:
        raise InvalidInput(f"{what} must be an RFC 3339 time")


def _check_received(event: UpdateReceived) -> None:
    check_diun_body(event.body)
    _check_time(event.received_at, "'received_at'")


def _check_dismissed(event: UpdateDismissed) -> None:
    check_image(event.image)
    _check_time(event.dismissed_at, "'dismissed_at'")


def _check_deployed(event: UpdateDeployed) -> None:
    check_image(event.image)
    check_host_name(event.host, "'host'")
    check_no_control_characters(event.digest, "'digest'")
    _check_time(event.deployed_at, "'deployed_at'")


def _check_update_requested(event: UpdateRequested) -> None:
    check_image(event.image)
    check_host_name(event.host, "'host'")
    _check_time(event.requested_at, "'requested_at'")
    if event.hook_status is not None and not 100 <= event.hook_status <= 599:
        raise InvalidInput("'hook_status' must be an HTTP status code (100 to 599) or null")


def _check_host_silent(event: HostSilent) -> None:
    check_host_name(event.hostname, "'hostname'")
    _check_time(event.since, "'since'")


def _check_host_back(event: HostBack) -> None:
    check_host_name(event.hostname, "'hostname'")
    _check_time(event.last_check_at, "'last_check_at'")


def _check_snoozed(event: UpdateSnoozed) -> None:
    check_image(event.image)
    snoozed_at, until = parse_rfc3339(event.snoozed_at), parse_rfc3339(event.until)
    if snoozed_at is None:
        raise InvalidInput("'snoozed_at' must be an RFC 3339 time")
    # Kept as the API writes it (UTC, microseconds): the list compares it
    # with the time, as text, to tell whether the snooze is over.
    if until is None or format_utc(until) != event.until:
        raise InvalidInput(
            "'until' must be an RFC 3339 time in UTC as diundash writes it "
            "(2026-03-23T10:00:00.000000Z)"
        )
    if until <= snoozed_at:
        raise InvalidInput("'until' must be after 'snoozed_at'")


def _check_update_forgotten(event: UpdateForgotten) -> None:
    """A forget names what a receipt could bring: an image, and a host name
    or none (every host)."""
    check_image(event.image)
    if event.host is not None:
        check_host_name(event.host, "'host'")


def _check_host_forgotten(event: HostForgotten) -> None:
    check_host_name(event.hostname, "'hostname'")


def _check_host_renamed(event: HostRenamed) -> None:
    check_host_name(event.hostname, "'hostname'")
    check_new_host_name(event.new_hostname, "'new_hostname'")


def _check_tag(event: TagCreated | TagDeleted) -> None:
    check_id(event.id, "'id'")
    check_tag_name(event.name)


def _check_tag_assigned(event: TagAssigned) -> None:
    check_image(event.image)
    check_id(event.tag_id, "'tag_id'")


def _check_tag_unassigned(event: TagUnassigned) -> None:
    check_image(event.image)


def _check_token_revoked(event: TokenRevoked) -> None:
    check_token_name(event.name)


def _check_notification(event: NotificationSent) -> None:
    """A ``NotificationSent`` as the notifier records one: a known kind and
    outcome, an attempt of 1 to ``MAX_NOTIFICATION_ATTEMPTS``, a channel
    that is a scheme and a host alone (never a URL's secrets), times."""
    if event.kind not in NOTIFICATION_KINDS:
        raise InvalidInput(f"'kind' must be one of {', '.join(NOTIFICATION_KINDS)}")
    if event.outcome not in NOTIFICATION_OUTCOMES:
        raise InvalidInput(f"'outcome' must be one of {', '.join(NOTIFICATION_OUTCOMES)}")
    if not 1 <= event.attempt <= MAX_NOTIFICATION_ATTEMPTS:
        raise InvalidInput(f"'attempt' must be between 1 and {MAX_NOTIFICATION_ATTEMPTS}")
    if not REDACTED_CHANNEL.fullmatch(event.channel):
        raise InvalidInput("'channel' must be a scheme and a host alone (ntfys://ntfy.sh)")
    required_text(event.key, "'key'", MAX_IMAGE_LENGTH)
    _check_time(event.attempted_at, "'attempted_at'")
    if event.retry_at is not None:
        _check_time(event.retry_at, "'retry_at'")


# The rules of the way in each kind of event stands for (an importer brings
# events, not requests).
IMPORT_RULES: dict[type, Callable[[Any], None]] = {
    UpdateReceived: _check_received,
    UpdateDismissed: _check_dismissed,
    UpdateDeployed: _check_deployed,
    UpdateRequested: _check_update_requested,
    UpdateSnoozed: _check_snoozed,
    UpdateForgotten: _check_update_forgotten,
    HostForgotten: _check_host_forgotten,
    HostRenamed: _check_host_renamed,
    HostSilent: _check_host_silent,
    HostBack: _check_host_back,
    TagCreated: _check_tag,
    TagDeleted: _check_tag,
    TagAssigned: _check_tag_assigned,
    TagUnassigned: _check_tag_unassigned,
    TokenIssued: check_token_issued,
    TokenRevoked: _check_token_revoked,
    NotificationSent: _check_notification,
}


def check_event(event: Event) -> None:
    """Apply ``event``'s rule of ``IMPORT_RULES``."""
    IMPORT_RULES[type(event)](event)
