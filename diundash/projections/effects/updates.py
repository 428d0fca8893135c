"""What the update events do: DIUN's receipts of an image, host by host, and
what people did with them (dismissed, deployed, an update asked of the
host's hook, forgotten). Each event's live handler (SQL, in the transaction
that appended it) stands beside its fold (the same change to a
``ReadModel``). Snoozes belong here too."""

import orjson
from peewee import Database

from diundash.events.types import (
    UpdateDeployed,
    UpdateDismissed,
    UpdateForgotten,
    UpdateReceived,
    UpdateRequested,
)
from diundash.projections.read_model import Effect, HostEntry, ReadModel
from diundash.projections.update_entries import (
    AFTERMATH_COLUMNS,
    HOST_COLUMNS,
    HOST_ROW_COLUMNS,
    host_columns,
    host_row,
    hostname_of,
    refresh,
    settle_acknowledgement,
    write_update,
)

UPSERT_HOST_UPDATE = (
    f"INSERT INTO host_updates ({', '.join(HOST_ROW_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(HOST_ROW_COLUMNS))}) "
    "ON CONFLICT (hostname, image) DO UPDATE SET "
    + ", ".join(
        f"{column} = excluded.{column}"
        for column in (*HOST_COLUMNS, "received_at", "receipt_position", "event_json")
    )
    + "".join(f", {column} = NULL" for column in AFTERMATH_COLUMNS)
)
DISMISS_EVERYWHERE = (
    "UPDATE host_updates SET acknowledged_at = ? WHERE image = ? AND acknowledged_at IS NULL"
)
DISMISS_ON_HOST = DISMISS_EVERYWHERE + " AND hostname = ?"
# A deployment counts as an acknowledgement (DiunDashboard's fields) and ends
# the request of an update; it resolves the entry only while it holds the
# digest deployed (the command checks that; an import may not).
DEPLOY = (
    "UPDATE host_updates SET deployed_at = coalesce(deployed_at, ?), "
    "acknowledged_at = coalesce(acknowledged_at, ?), update_requested_at = NULL, "
    "update_hook_status = NULL WHERE image = ? AND hostname = ? AND digest = ?"
)
REQUEST_UPDATE = (
    "UPDATE host_updates SET update_requested_at = ?, update_hook_status = ? "
    "WHERE image = ? AND hostname = ?"
)
FORGET_EVERYWHERE = "DELETE FROM host_updates WHERE image = ?"
FORGET_ON_HOST = FORGET_EVERYWHERE + " AND hostname = ?"


def _project_received(db: Database, event: UpdateReceived, position: int) -> None:
    body = event.body
    body_json = orjson.dumps(body).decode()
    db.execute_sql(
        UPSERT_HOST_UPDATE, host_row(body, event.image, event.received_at, position, body_json)
    )
    # The newest receipt of all, from a host now pending: nothing to look up.
    write_update(db, body, event.received_at, body_json)


def _fold_received(model: ReadModel, event: UpdateReceived, position: int) -> None:
    body = event.body
    entry = HostEntry(orjson.dumps(body).decode(), event.received_at, position, host_columns(body))
    model.entries.setdefault(event.image, {})[hostname_of(body)] = entry


def _project_dismissed(db: Database, event: UpdateDismissed, position: int) -> None:
    if event.host is None:
        db.execute_sql(DISMISS_EVERYWHERE, (event.dismissed_at, event.image))
    else:
        db.execute_sql(DISMISS_ON_HOST, (event.dismissed_at, event.image, event.host))
    settle_acknowledgement(db, event.image)


def _fold_dismissed(model: ReadModel, event: UpdateDismissed, position: int) -> None:
    entries = model.entries.get(event.image, {})
    chosen = entries.values() if event.host is None else [entries.get(event.host)]
    for entry in chosen:
        if entry is not None and entry.acknowledged_at is None:
            entry.acknowledged_at = event.dismissed_at


def _project_deployed(db: Database, event: UpdateDeployed, position: int) -> None:
    at = event.deployed_at
    db.execute_sql(DEPLOY, (at, at, event.image, event.host, event.digest))
    settle_acknowledgement(db, event.image)


def _fold_deployed(model: ReadModel, event: UpdateDeployed, position: int) -> None:
    entry = model.entries.get(event.image, {}).get(event.host)
    if entry is None or entry.columns[1] != event.digest:
        return
    entry.deployed_at = entry.deployed_at or event.deployed_at
    entry.acknowledged_at = entry.acknowledged_at or event.deployed_at
    entry.update_requested_at = entry.update_hook_status = None


def _project_requested(db: Database, event: UpdateRequested, position: int) -> None:
    where = (event.image, event.host)
    db.execute_sql(REQUEST_UPDATE, (event.requested_at, event.hook_status, *where))


def _fold_requested(model: ReadModel, event: UpdateRequested, position: int) -> None:
    entry = model.entries.get(event.image, {}).get(event.host)
    if entry is not None:
        entry.update_requested_at = event.requested_at
        entry.update_hook_status = event.hook_status


def _project_forgotten(db: Database, event: UpdateForgotten, position: int) -> None:
    if event.host is None:
        db.execute_sql(FORGET_EVERYWHERE, (event.image,))
    else:
        db.execute_sql(FORGET_ON_HOST, (event.image, event.host))
    refresh(db, event.image)


def _fold_forgotten(model: ReadModel, event: UpdateForgotten, position: int) -> None:
    if event.host is None:
        model.entries.pop(event.image, None)
        return
    model.entries.get(event.image, {}).pop(event.host, None)
    model.drop_if_empty(event.image)


EFFECTS = {
    UpdateReceived: Effect(_project_received, _fold_received),
    UpdateDismissed: Effect(_project_dismissed, _fold_dismissed),
    UpdateDeployed: Effect(_project_deployed, _fold_deployed),
    UpdateRequested: Effect(_project_requested, _fold_requested),
    UpdateForgotten: Effect(_project_forgotten, _fold_forgotten),
}
