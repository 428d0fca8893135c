"""The shape of DIUN's webhook body, known in one place."""

from typing import Any

# Every field DIUN sends, in its order, with the value diundash shows when a
# body leaves one out. ``created`` (RFC 3339) and ``metadata`` (an object
# whose keys depend on the provider) may be null; the rest are text.
FIELD_DEFAULTS: dict[str, Any] = {
    "diun_version": "",
    "hostname": "",
    "status": "",
    "provider": "",
    "image": "",
    "hub_link": "",
    "mime_type": "",
    "digest": "",
    "created": None,
    "platform": "",
    "metadata": None,
}
TEXT_FIELDS = tuple(
    name for name, default in FIELD_DEFAULTS.items() if default == "" and name != "image"
)
# The docker provider's metadata keys, by the read-table column each fills.
DOCKER_METADATA_COLUMNS = {
    "ctn_name": "ctn_names",
    "ctn_id": "ctn_id",
    "ctn_state": "ctn_state",
    "ctn_status": "ctn_status",
}
