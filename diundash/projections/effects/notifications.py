"""What the notification events do: each attempt at sending a notification
to a channel leaves that notification's row for the channel as the attempt
left it (``notifications``), and the updates a reminder told of are
remembered (``reminded_updates``), so each is reminded about once. Each
event's live handler stands beside its fold."""

from typing import Any

from peewee import Database

from diundash.events.types import NotificationSent
from diundash.projections.read_model import Effect, ReadModel

NOTIFICATION_COLUMNS = (
    "key",
    "channel",
    "kind",
    "title",
    "outcome",
    "attempts",
    "first_attempt_at",
    "last_attempt_at",
    "retry_at",
    "error",
    "covered_to",
    "slot",
    "position",
)
# What a later attempt changes; the rest is the first attempt's.
_LATER_ATTEMPT = (
    "title",
    "outcome",
    "attempts",
    "last_attempt_at",
    "retry_at",
    "error",
    "position",
)
UPSERT_NOTIFICATION = (
    f"INSERT INTO notifications ({', '.join(NOTIFICATION_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(NOTIFICATION_COLUMNS))}) "
    "ON CONFLICT (key, channel) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in _LATER_ATTEMPT)
)
REMEMBER_REMINDED = (
    "INSERT INTO reminded_updates (receipt_position, key) VALUES (?, ?) "
    "ON CONFLICT (receipt_position) DO NOTHING"
)


def _whole_number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def notification_row(event: NotificationSent, position: int) -> tuple[Any, ...]:
    """The ``notifications`` row (``NOTIFICATION_COLUMNS``) of a first
    attempt, the event at ``position``."""
    slot = event.covered.get("slot")
    return (
        event.key,
        event.channel,
        event.kind,
        event.title,
        event.outcome,
        event.attempt,
        event.attempted_at,
        event.attempted_at,
        event.retry_at,
        event.error,
        _whole_number(event.covered.get("to_position")),
        slot if isinstance(slot, str) else None,
        position,
    )


def reminded_positions(event: NotificationSent) -> list[int]:
    """The receipts (log positions) whose pending update ``event`` reminded of."""
    listed = event.covered.get("reminded")
    if not isinstance(listed, list):
        return []
    return [position for position in map(_whole_number, listed) if position is not None]


def _project_sent(db: Database, event: NotificationSent, position: int) -> None:
    db.execute_sql(UPSERT_NOTIFICATION, notification_row(event, position))
    for receipt in reminded_positions(event):
        db.execute_sql(REMEMBER_REMINDED, (receipt, event.key))


def _fold_sent(model: ReadModel, event: NotificationSent, position: int) -> None:
    row = notification_row(event, position)
    earlier = model.notifications.get((event.key, event.channel))
    if earlier is not None:  # the first attempt's kind, first time and coverage stay
        row = (*earlier[:3], *row[3:6], earlier[6], *row[7:10], *earlier[10:12], position)
    model.notifications[(event.key, event.channel)] = row
    for receipt in reminded_positions(event):
        model.reminded.setdefault(receipt, event.key)


EFFECTS: dict[type, Effect] = {NotificationSent: Effect(_project_sent, _fold_sent)}
