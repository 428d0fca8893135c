"""What the host events do: a host forgotten with every entry it reported,
or its entries moved under a new name. Each event's live handler stands
beside its fold. A host gone silent, or back, belongs here too."""

from peewee import Database

from diundash.events.types import HostForgotten, HostRenamed
from diundash.projections.read_model import Effect, ReadModel
from diundash.projections.update_entries import refresh

IMAGES_OF_HOST = "SELECT image FROM host_updates WHERE hostname = ?"
FORGET_HOST = "DELETE FROM host_updates WHERE hostname = ?"
RENAME_HOST = "UPDATE host_updates SET hostname = ? WHERE hostname = ?"


def _project_forgotten(db: Database, event: HostForgotten, position: int) -> None:
    images = [image for (image,) in db.execute_sql(IMAGES_OF_HOST, (event.hostname,))]
    db.execute_sql(FORGET_HOST, (event.hostname,))
    for image in images:
        refresh(db, image)


def _fold_forgotten(model: ReadModel, event: HostForgotten, position: int) -> None:
    for image, entries in list(model.entries.items()):
        if entries.pop(event.hostname, None) is not None:
            model.drop_if_empty(image)


def _project_renamed(db: Database, event: HostRenamed, position: int) -> None:
    db.execute_sql(RENAME_HOST, (event.new_hostname, event.hostname))


def _fold_renamed(model: ReadModel, event: HostRenamed, position: int) -> None:
    for entries in model.entries.values():
        if event.hostname in entries:
            entries[event.new_hostname] = entries.pop(event.hostname)


EFFECTS = {
    HostForgotten: Effect(_project_forgotten, _fold_forgotten),
    HostRenamed: Effect(_project_renamed, _fold_renamed),
}
