"""What the update events do: DIUN's receipts of an image, host by host, and
what people did with them (dismissed, snoozed, deployed, an update asked of
the host's hook, forgotten). Each event's live handler (SQL, in the
transaction that appended it) stands beside its fold (the same change to a
``ReadModel``).

Skip this build: a receipt whose digest is the one the host's entry was
acknowledged with (dismissed, snoozed or deployed) keeps that
acknowledgement; any other digest makes the entry pending again. Any
receipt ends the request of an update.
"""

import orjson
from peewee import Database

from diundash.events.types import (
    UpdateDeployed,
    UpdateDismissed,
    UpdateForgotten,
    UpdateReceived,
    UpdateRequested,
    UpdateSnoozed,
)
from diundash.projections.read_model import Effect, HostEntry, ReadModel
from diundash.projections.receipt_versions import fold_versions, project_versions
from diundash.projections.update_entries import (
    HOST_COLUMNS,
    HOST_ROW_COLUMNS,
    VERSION_COLUMNS,
    host_columns,
    host_row,
    hostname_of,
    refresh,
    settle_acknowledgement,
    text_field,
    write_update,
)

# The same build again (the digest the entry holds, not empty) keeps its
# acknowledgement; SET expressions read the row as it was before the update.
_SAME_BUILD = "host_updates.digest = excluded.digest AND excluded.digest <> ''"
UPSERT_HOST_UPDATE = (
    f"INSERT INTO host_updates ({', '.join(HOST_ROW_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(HOST_ROW_COLUMNS))}) "
    "ON CONFLICT (hostname, image) DO UPDATE SET "
    + ", ".join(
        f"{column} = excluded.{column}"
        for column in (
            *HOST_COLUMNS,
            "received_at",
            "receipt_position",
            "event_json",
            *VERSION_COLUMNS,
        )
    )
    + f", acknowledged_at = CASE WHEN {_SAME_BUILD} THEN host_updates.acknowledged_at END"
    + f", snoozed_until = CASE WHEN {_SAME_BUILD} THEN host_updates.snoozed_until END"
    + f", deployed_at = CASE WHEN {_SAME_BUILD} THEN host_updates.deployed_at END"
    + ", update_requested_at = NULL, update_hook_status = NULL"
    + " RETURNING acknowledged_at"
)
# A dismissal or a snooze changes the entries that are pending or snoozed
# (``HostEntry.open_to_acknowledge``).
_OPEN = "(acknowledged_at IS NULL OR snoozed_until IS NOT NULL)"
ACKNOWLEDGE_EVERYWHERE = (
    f"UPDATE host_updates SET acknowledged_at = ?, snoozed_until = ? WHERE image = ? AND {_OPEN}"
)
ACKNOWLEDGE_ON_HOST = ACKNOWLEDGE_EVERYWHERE + " AND hostname = ?"
# A deployment acknowledges the entry (DiunDashboard's fields) unless it is
# dismissed already (a snooze ends: a deployment is for good) and ends the
# request of an update; it resolves the entry only while it holds the digest
# deployed (the command checks that; an import may not).
DEPLOY = (
    "UPDATE host_updates SET deployed_at = coalesce(deployed_at, ?), "
    f"acknowledged_at = CASE WHEN {_OPEN} THEN ? ELSE acknowledged_at END, "
    "snoozed_until = NULL, update_requested_at = NULL, update_hook_status = NULL "
    "WHERE image = ? AND hostname = ? AND digest = ?"
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
    versions = project_versions(db, event.image, text_field(body, "status"))
    row = host_row(body, event.image, event.received_at, position, body_json, versions)
    (kept,) = db.execute_sql(UPSERT_HOST_UPDATE, row).fetchone()
    # The newest receipt of all: the image's row, pending unless this host's
    # entry kept its acknowledgement (then the others' decide).
    write_update(db, body, event.received_at, body_json)
    if kept is not None:
        settle_acknowledgement(db, event.image)


def _fold_received(model: ReadModel, event: UpdateReceived, position: int) -> None:
    # Each receipt of the log passes here in a replay: what it needs is
    # worked out once (the image, the columns, the status among them).
    body, image = event.body, event.image
    hosts, columns = model.entries.setdefault(image, {}), host_columns(body)
    hostname = hostname_of(body)
    entry = HostEntry(orjson.dumps(body).decode(), event.received_at, position, columns)
    entry.previous_tag, entry.change = fold_versions(model.versions, image, columns[0])
    before = hosts.get(hostname)
    if before is not None and before.acknowledged_at is not None:
        digest = columns[1]
        if digest and before.columns[1] == digest:
            entry.acknowledge(before.acknowledged_at, before.snoozed_until)
            entry.deployed_at = before.deployed_at
    hosts[hostname] = entry


def _acknowledge(db: Database, image: str, host: str | None, at: str, until: str | None) -> None:
    if host is None:
        db.execute_sql(ACKNOWLEDGE_EVERYWHERE, (at, until, image))
    else:
        db.execute_sql(ACKNOWLEDGE_ON_HOST, (at, until, image, host))
    settle_acknowledgement(db, image)


def _fold_acknowledge(
    model: ReadModel, image: str, host: str | None, at: str, until: str | None
) -> None:
    entries = model.entries.get(image, {})
    chosen = entries.values() if host is None else [entries.get(host)]
    for entry in chosen:
        if entry is not None and entry.open_to_acknowledge():
            entry.acknowledge(at, until)


def _project_dismissed(db: Database, event: UpdateDismissed, position: int) -> None:
    _acknowledge(db, event.image, event.host, event.dismissed_at, None)


def _fold_dismissed(model: ReadModel, event: UpdateDismissed, position: int) -> None:
    _fold_acknowledge(model, event.image, event.host, event.dismissed_at, None)


def _project_snoozed(db: Database, event: UpdateSnoozed, position: int) -> None:
    _acknowledge(db, event.image, event.host, event.snoozed_at, event.until)


def _fold_snoozed(model: ReadModel, event: UpdateSnoozed, position: int) -> None:
    _fold_acknowledge(model, event.image, event.host, event.snoozed_at, event.until)


def _project_deployed(db: Database, event: UpdateDeployed, position: int) -> None:
    at = event.deployed_at
    db.execute_sql(DEPLOY, (at, at, event.image, event.host, event.digest))
    settle_acknowledgement(db, event.image)


def _fold_deployed(model: ReadModel, event: UpdateDeployed, position: int) -> None:
    entry = model.entries.get(event.image, {}).get(event.host)
    if entry is None or entry.columns[1] != event.digest:
        return
    entry.deployed_at = entry.deployed_at or event.deployed_at
    if entry.open_to_acknowledge():
        entry.acknowledge(event.deployed_at)
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
    UpdateSnoozed: Effect(_project_snoozed, _fold_snoozed),
    UpdateDeployed: Effect(_project_deployed, _fold_deployed),
    UpdateRequested: Effect(_project_requested, _fold_requested),
    UpdateForgotten: Effect(_project_forgotten, _fold_forgotten),
}
