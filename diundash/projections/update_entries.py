"""The rows of what DIUN reported, host by host, and what they add up to,
as the live handlers (``effects/updates.py``, ``effects/hosts.py``) write
them and a fold (``read_model.py``) builds them.

``host_updates`` keeps each host's latest receipt of an image, the kind of
change it reports, and that host's own acknowledgement: dismissed
(``acknowledged_at``), or snoozed (``acknowledged_at`` and ``snoozed_until``:
acknowledged until then, pending again afterwards). ``updates``
(DiunDashboard's table, one row per image) is what they add up to: the latest
receipt of any host, acknowledged only when every host's entry is dismissed
(at the latest of their times). A snooze ends with time alone, which a table
cannot follow: the list works out what is acknowledged at the moment it is
read (``snoozes.py``).
"""

from typing import Any

import orjson
from peewee import Database

from diundash.diun import DOCKER_METADATA_COLUMNS, TEXT_FIELDS, workload_names

# DIUN's text fields and ``created`` fill same-named columns; docker
# metadata fills the ctn_* columns.
BODY_COLUMNS = (*TEXT_FIELDS, "created")
# What host_updates keeps of each receipt beside the whole body: DIUN's fields,
# and the containers or services it names (whichever keys its provider sent).
HOST_COLUMNS = ("status", "digest", "platform", "diun_version", "containers")
# What was done about a receipt on its host (dismissed, deployed, an update
# asked of the host's hook): NULL while nothing was, and again at the next receipt.
AFTERMATH_COLUMNS = ("acknowledged_at", "deployed_at", "update_requested_at", "update_hook_status")
# The kind of change a receipt reports (``receipt_versions.py``).
VERSION_COLUMNS = ("previous_tag", "change")
HOST_ROW_COLUMNS = (
    "hostname",
    "image",
    *HOST_COLUMNS,
    "received_at",
    "receipt_position",
    *AFTERMATH_COLUMNS,
    "event_json",
    *VERSION_COLUMNS,
    "snoozed_until",
)

# Plain statements, prepared once: building them through peewee's query
# builder cost about a millisecond per event, which a replay of a long log
# (and every as_of request) pays for each event.
UPDATE_COLUMNS = ("image", *BODY_COLUMNS, *DOCKER_METADATA_COLUMNS, "received_at", "event_json")
UPSERT_UPDATE = (
    f"INSERT INTO updates ({', '.join(UPDATE_COLUMNS)}, acknowledged_at) "
    f"VALUES ({', '.join('?' * len(UPDATE_COLUMNS))}, NULL) ON CONFLICT (image) DO UPDATE SET "
    + ", ".join(f"{column} = excluded.{column}" for column in UPDATE_COLUMNS[1:])
    + ", acknowledged_at = NULL"
)
# A snoozed entry is not dismissed: the image's row says acknowledged only
# once every host's entry is dismissed for good.
ACKNOWLEDGEMENTS = (
    "SELECT count(*) - count(CASE WHEN snoozed_until IS NULL THEN acknowledged_at END), "
    "max(acknowledged_at) FROM host_updates WHERE image = ?"
)
SET_ACKNOWLEDGED = "UPDATE updates SET acknowledged_at = ? WHERE image = ?"
LATEST_RECEIPT = (
    "SELECT event_json, received_at FROM host_updates WHERE image = ? "
    "ORDER BY receipt_position DESC LIMIT 1"
)
FORGET_UPDATE = "DELETE FROM updates WHERE image = ?"


def _text(value: Any) -> str:
    # NUL is dropped from the text columns (PostgreSQL cannot store it); the
    # body is kept whole in event_json, where JSON escapes it.
    return value.replace("\x00", "") if isinstance(value, str) else ""


def text_field(body: dict[str, Any], name: str) -> str:
    """A text field of a receipt's body as its columns keep it ("" when it is not text)."""
    return _text(body.get(name))


def hostname_of(body: dict[str, Any]) -> str:
    """The host a receipt's body names, as its ``host_updates`` row keeps it."""
    return _text(body.get("hostname"))


def update_row(body: dict[str, Any], received_at: str, body_json: str) -> tuple[Any, ...]:
    """``updates``' row (``UPDATE_COLUMNS``) of ``body``'s image from that receipt."""
    metadata = body.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    return (
        body["image"],
        *(_text(body.get(column)) for column in BODY_COLUMNS),
        *(_text(metadata.get(key)) for key in DOCKER_METADATA_COLUMNS.values()),
        received_at,
        body_json,
    )


def host_columns(body: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """``HOST_COLUMNS`` of a receipt's body (written out: a rebuild works
    them out for every host entry)."""
    get = body.get
    return (
        _text(get("status")),
        _text(get("digest")),
        _text(get("platform")),
        _text(get("diun_version")),
        ",".join(workload_names(get("metadata"))),
    )


NOTHING_DONE = (None,) * len(AFTERMATH_COLUMNS)


def host_row(
    body: dict[str, Any],
    image: str,
    received_at: str,
    position: int,
    body_json: str,
    versions: tuple[str | None, str | None],
) -> tuple[Any, ...]:
    """``host_updates``' row of a receipt, pending (``HOST_ROW_COLUMNS``):
    hostname, image, ``HOST_COLUMNS``, received_at, receipt_position,
    ``AFTERMATH_COLUMNS`` (all NULL), event_json, ``versions`` (its
    previous_tag and change), snoozed_until (NULL)."""
    row = (hostname_of(body), image, *host_columns(body), received_at, position)
    return (*row, *NOTHING_DONE, body_json, *versions, None)


def write_update(db: Database, body: dict[str, Any], received_at: str, body_json: str) -> None:
    """``updates``' row of ``body``'s image from that receipt, pending."""
    db.execute_sql(UPSERT_UPDATE, update_row(body, received_at, body_json))


def settle_acknowledgement(db: Database, image: str) -> None:
    """``updates``' acknowledgement of ``image`` from its host rows: the
    latest of their times once every one is acknowledged, else none."""
    pending, latest = db.execute_sql(ACKNOWLEDGEMENTS, (image,)).fetchone()
    db.execute_sql(SET_ACKNOWLEDGED, (latest if pending == 0 else None, image))


def refresh(db: Database, image: str) -> None:
    """``updates``' row of ``image`` from the host rows left: the latest
    receipt, or no row at all when no host has the image any more."""
    latest = db.execute_sql(LATEST_RECEIPT, (image,)).fetchone()
    if latest is None:
        db.execute_sql(FORGET_UPDATE, (image,))
        return
    body_json, received_at = latest
    write_update(db, orjson.loads(body_json), received_at, body_json)
    settle_acknowledgement(db, image)
