"""What the host events do: a host forgotten with every entry it reported,
its entries moved under a new name, its DIUN gone silent or back. Each
event's live handler stands beside its fold."""

from peewee import Database

from diundash.events.types import HostBack, HostForgotten, HostRenamed, HostSilent
from diundash.projections.read_model import Effect, ReadModel
from diundash.projections.update_entries import refresh

IMAGES_OF_HOST = "SELECT image FROM host_updates WHERE hostname = ?"
FORGET_HOST = "DELETE FROM host_updates WHERE hostname = ?"
RENAME_HOST = "UPDATE host_updates SET hostname = ? WHERE hostname = ?"
MARK_SILENT = (
    "INSERT INTO silent_hosts (hostname, since, reason) VALUES (?, ?, ?) "
    "ON CONFLICT (hostname) DO UPDATE SET since = excluded.since, reason = excluded.reason"
)
# Silence is the configured name's: a rename (of what DIUN reported) leaves it.
FORGET_SILENCE = "DELETE FROM silent_hosts WHERE hostname = ?"


def _project_forgotten(db: Database, event: HostForgotten, position: int) -> None:
    images = [image for (image,) in db.execute_sql(IMAGES_OF_HOST, (event.hostname,))]
    db.execute_sql(FORGET_HOST, (event.hostname,))
    db.execute_sql(FORGET_SILENCE, (event.hostname,))
    for image in images:
        refresh(db, image)


def _fold_forgotten(model: ReadModel, event: HostForgotten, position: int) -> None:
    model.silent.pop(event.hostname, None)
    for image, entries in list(model.entries.items()):
        if entries.pop(event.hostname, None) is not None:
            model.drop_if_empty(image)


def _project_renamed(db: Database, event: HostRenamed, position: int) -> None:
    db.execute_sql(RENAME_HOST, (event.new_hostname, event.hostname))


def _fold_renamed(model: ReadModel, event: HostRenamed, position: int) -> None:
    for entries in model.entries.values():
        if event.hostname in entries:
            entries[event.new_hostname] = entries.pop(event.hostname)


def _project_silent(db: Database, event: HostSilent, position: int) -> None:
    db.execute_sql(MARK_SILENT, (event.hostname, event.since, event.reason))


def _fold_silent(model: ReadModel, event: HostSilent, position: int) -> None:
    model.silent[event.hostname] = (event.since, event.reason)


def _project_back(db: Database, event: HostBack, position: int) -> None:
    db.execute_sql(FORGET_SILENCE, (event.hostname,))


def _fold_back(model: ReadModel, event: HostBack, position: int) -> None:
    model.silent.pop(event.hostname, None)


EFFECTS = {
    HostForgotten: Effect(_project_forgotten, _fold_forgotten),
    HostRenamed: Effect(_project_renamed, _fold_renamed),
    HostSilent: Effect(_project_silent, _fold_silent),
    HostBack: Effect(_project_back, _fold_back),
}
