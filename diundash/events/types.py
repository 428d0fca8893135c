"""The event types: one per kind of accepted change.

Each is a frozen dataclass with a stable ``TYPE`` name (never the Python
class path) and the ``VERSION`` of its current schema. Times are RFC 3339 UTC
text decided when the change was accepted, so projecting is deterministic.
"""

import types
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, get_origin

EVENT_TYPES: dict[str, type["Event"]] = {}


@dataclass(frozen=True)
class Event:
    """The base of every event type. Defining a subclass registers it in
    ``EVENT_TYPES`` under its ``TYPE``, in the order of definition: nothing
    else lists the event types.

    Events check their own field types, so a bad import or a corrupt row is
    refused when read, never projected half-way."""

    TYPE: ClassVar[str]
    VERSION: ClassVar[int]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.TYPE in EVENT_TYPES:
            raise TypeError(f"two event types are named {cls.TYPE!r}")
        EVENT_TYPES[cls.TYPE] = cls

    def __post_init__(self) -> None:
        values = self.__dict__
        for name, expected, declared in _expected_types(type(self)):
            value = values[name]
            if type(value) is expected:  # the usual case, and the cheapest test
                continue
            # A bool is an int to isinstance: only a bool field takes one.
            if (isinstance(value, bool) and expected is not bool) or not isinstance(
                value, expected
            ):
                raise ValueError(f"{name!r} must be of type {declared}")

    @classmethod
    def from_fields(cls, values: dict[str, Any]) -> "Event":
        """The event of this type that ``values`` (every field by name, as
        the log stores them) stands for, checked as the constructor checks
        it. Reading the log builds one per event: when every field is
        there, the constructor's handling of keywords and defaults is left
        out, the checks are not. ``values`` is not kept."""
        if values.keys() != _field_names(cls):  # a field missing or unknown: its error
            return cls(**values)
        event = object.__new__(cls)
        event.__dict__.update(values)
        event.__post_init__()
        return event


_EXPECTED_TYPES: dict[type, tuple[tuple[str, Any, Any], ...]] = {}


def _expected_types(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    """Each field of an event class, the type its value must be an instance
    of and the type it was declared with, worked out once per class (a
    replay decodes every event of the log)."""
    known = _EXPECTED_TYPES.get(cls)
    if known is None:
        known = _EXPECTED_TYPES[cls] = tuple(
            (each.name, _instance_type(each.type), each.type) for each in fields(cls)
        )
    return known


_FIELD_NAME_SETS: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    """The names of an event class's fields, worked out once per class."""
    known = _FIELD_NAME_SETS.get(cls)
    if known is None:
        known = _FIELD_NAME_SETS[cls] = frozenset(each.name for each in fields(cls))
    return known


def _instance_type(declared: Any) -> Any:
    # ``str | None`` checks as it is; ``dict[str, Any]`` as ``dict``.
    origin = get_origin(declared)
    return declared if origin is types.UnionType else origin or declared


@dataclass(frozen=True)
class UpdateReceived(Event):
    """DIUN reported an image update; ``body`` is the webhook body as sent."""

    TYPE: ClassVar[str] = "UpdateReceived"
    VERSION: ClassVar[int] = 2

    body: dict[str, Any] = field(hash=False)
    received_at: str

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.body.get("image"), str) or not self.body["image"]:
            raise ValueError("'body' must hold a non-empty string 'image'")

    @property
    def image(self) -> str:
        return str(self.body["image"])


@dataclass(frozen=True)
class UpdateDismissed(Event):
    """A person acknowledged the pending update of ``image`` on ``host``, or
    on every host that reported it when ``host`` is None."""

    TYPE: ClassVar[str] = "UpdateDismissed"
    VERSION: ClassVar[int] = 2

    image: str
    dismissed_at: str
    host: str | None = None


@dataclass(frozen=True)
class UpdateSnoozed(Event):
    """A person put off the pending update of ``image`` on ``host`` (on every
    host that reported it when ``host`` is None): acknowledged from
    ``snoozed_at`` until ``until``, pending again afterwards by itself."""

    TYPE: ClassVar[str] = "UpdateSnoozed"
    VERSION: ClassVar[int] = 1

    image: str
    snoozed_at: str
    until: str
    host: str | None = None


@dataclass(frozen=True)
class UpdateForgotten(Event):
    """``image`` no longer runs on ``host`` (on any host when None): its entry
    goes until a host reports it again. Its tag assignment stays."""

    TYPE: ClassVar[str] = "UpdateForgotten"
    VERSION: ClassVar[int] = 1

    image: str
    host: str | None = None


@dataclass(frozen=True)
class UpdateDeployed(Event):
    """The update of ``image`` on ``host`` was deployed (a deploy script, a CI
    job or a person said so): that host's entry is resolved as deployed.
    ``digest`` is the one the entry held, the one deployed."""

    TYPE: ClassVar[str] = "UpdateDeployed"
    VERSION: ClassVar[int] = 1

    image: str
    host: str
    digest: str
    deployed_at: str


@dataclass(frozen=True)
class UpdateRequested(Event):
    """Someone asked ``host``'s update hook (UPDATE_HOOKS) to update ``image``.
    ``hook_status`` is the HTTP status the hook answered (None: it gave no
    answer) and ``outcome`` says what happened, never the hook's address or
    headers. A hook that accepted has not deployed anything yet."""

    TYPE: ClassVar[str] = "UpdateRequested"
    VERSION: ClassVar[int] = 1

    image: str
    host: str
    requested_at: str
    hook_status: int | None
    outcome: str


@dataclass(frozen=True)
class HostForgotten(Event):
    """A host was decommissioned: every entry it reported goes."""

    TYPE: ClassVar[str] = "HostForgotten"
    VERSION: ClassVar[int] = 1

    hostname: str


@dataclass(frozen=True)
class HostRenamed(Event):
    """The entries of ``hostname`` move under ``new_hostname`` (a DIUN that
    reported its container's id as its host name, say)."""

    TYPE: ClassVar[str] = "HostRenamed"
    VERSION: ClassVar[int] = 1

    hostname: str
    new_hostname: str


@dataclass(frozen=True)
class HostSilent(Event):
    """``hostname``'s DIUN has gone quiet: its last check (its metrics'
    ``diun_watch_last_run_timestamp_seconds``), or the last time its metrics
    could be read, is ``since``, longer ago than SILENT_AFTER. ``reason``
    says which, for a person."""

    TYPE: ClassVar[str] = "HostSilent"
    VERSION: ClassVar[int] = 1

    hostname: str
    since: str
    reason: str


@dataclass(frozen=True)
class HostBack(Event):
    """``hostname``'s DIUN, silent before, checked again at ``last_check_at``."""

    TYPE: ClassVar[str] = "HostBack"
    VERSION: ClassVar[int] = 1

    hostname: str
    last_check_at: str


@dataclass(frozen=True)
class TagCreated(Event):
    """A tag was created; its ``id`` is decided here so a replay keeps it."""

    TYPE: ClassVar[str] = "TagCreated"
    VERSION: ClassVar[int] = 1

    id: int
    name: str


@dataclass(frozen=True)
class TagDeleted(Event):
    """A tag was deleted, and with it every assignment to it."""

    TYPE: ClassVar[str] = "TagDeleted"
    VERSION: ClassVar[int] = 1

    id: int
    name: str


@dataclass(frozen=True)
class TagAssigned(Event):
    """``image`` was put under tag ``tag_id`` (an image has at most one tag)."""

    TYPE: ClassVar[str] = "TagAssigned"
    VERSION: ClassVar[int] = 1

    image: str
    tag_id: int


@dataclass(frozen=True)
class TagUnassigned(Event):
    """``image`` no longer has a tag."""

    TYPE: ClassVar[str] = "TagUnassigned"
    VERSION: ClassVar[int] = 1

    image: str


@dataclass(frozen=True)
class TokenIssued(Event):
    """An API token named ``name`` was issued; only its SHA-256 ``token_hash``
    is kept. A ``read_only`` token may only read (GET and HEAD)."""

    TYPE: ClassVar[str] = "TokenIssued"
    VERSION: ClassVar[int] = 1

    name: str
    token_hash: str
    read_only: bool
    issued_at: str


@dataclass(frozen=True)
class TokenRevoked(Event):
    """The API token ``name`` no longer signs anyone in."""

    TYPE: ClassVar[str] = "TokenRevoked"
    VERSION: ClassVar[int] = 1

    name: str


@dataclass(frozen=True)
class NotificationSent(Event):
    """One attempt at sending a notification to one channel, sent or failed.
    ``key`` names the notification (the same for each channel and attempt);
    ``kind`` is new (a batch of receipts), digest, reminder or test;
    ``channel`` is the channel's scheme and host only, never its secrets;
    ``covered`` is what it told of (receipts by log position, the digest's
    slot); ``title`` and ``body`` are the text sent; ``outcome`` is sent or
    failed; ``retry_at`` is when the next attempt is due after a failure
    (None once sent, or when no attempt is left); ``error`` says why it
    failed, with the channel's secrets removed."""

    TYPE: ClassVar[str] = "NotificationSent"
    VERSION: ClassVar[int] = 1

    key: str
    kind: str
    channel: str
    covered: dict[str, Any] = field(hash=False)
    title: str
    body: str
    outcome: str
    attempt: int
    attempted_at: str
    retry_at: str | None = None
    error: str | None = None


_FIELD_NAMES = {cls: tuple(each.name for each in fields(cls)) for cls in EVENT_TYPES.values()}


def event_data(event: Event) -> dict[str, Any]:
    """An event's fields as a dict, as stored. Shallow, unlike
    ``dataclasses.asdict``: events are frozen and never change their values,
    and a deep copy of each webhook body cost more than the rest of an append."""
    return {name: getattr(event, name) for name in _FIELD_NAMES[type(event)]}


# Where a change may come from (``Audit.source``).
AUDIT_SOURCES = ("webhook", "api", "cli", "import", "job")


@dataclass(frozen=True)
class Audit:
    """Where a change came from: ``source`` is webhook, api, cli, import or
    job (the service's own background work, ``jobs.py``);
    ``actor`` is who was signed in (a user or a token's name), if anyone."""

    source: str
    remote_addr: str | None = None
    request_id: str | None = None
    actor: str | None = None


@dataclass(frozen=True)
class StoredEvent:
    """An event as read back from the log, upcast to its current schema."""

    position: int
    event: Event
    version: int
    recorded_at: str
    audit: Audit
    hash: str | None = None  # its link in the hash chain, when it was read with it
