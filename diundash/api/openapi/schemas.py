"""The JSON Schemas (2020-12, as OpenAPI 3.1 uses) of what the API reads and
writes: the document's components. Limits come from the constants the code
enforces, so they cannot drift."""

from diundash.api.openapi.blocks import (
    HOST_NAME_IN,
    HOSTNAME,
    IMAGE,
    JSON_VALUE,
    NAME,
    TAG_ID,
    UTC_TIME,
    Schema,
    object_schema,
    ref,
)
from diundash.api.openapi.deployment_schemas import DEPLOYMENT_SCHEMAS, RESOLUTION
from diundash.api.openapi.event_schemas import EVENT_SCHEMAS
from diundash.api.openapi.host_schemas import HOST_SCHEMAS
from diundash.api.openapi.notification_schemas import NOTIFICATION_SCHEMAS
from diundash.api.openapi.widget_schemas import WIDGET_SCHEMAS
from diundash.diun import TEXT_FIELDS
from diundash.input_rules import MAX_TAG_NAME_LENGTH

_DIUN_TEXT: dict[str, Schema] = {key: {"type": ["string", "null"]} for key in TEXT_FIELDS}
_OPTIONAL_UTC_TIME: Schema = {"anyOf": [UTC_TIME, {"type": "null"}]}
# What kind of change a receipt reports (diundash/versions.py), on an image's
# entry (its latest receipt) and on each host's.
_CHANGE_FIELDS: dict[str, Schema] = {
    "repository": {
        "type": "string",
        "description": "The image without tag and digest, registry included "
        "(docker.io/library/nginx for nginx:1.27.3).",
    },
    "previous_tag": {
        "type": ["string", "null"],
        "description": "The newest tag of the same repository the log received before this "
        "receipt (any host) that comes before its tag in version order, among tags of the same "
        "flavour (1.27-alpine against -alpine tags); a release is compared with releases only. "
        "null when the tag is no version or nothing came before it.",
    },
    "change": {
        "enum": ["digest", "major", "minor", "patch", "prerelease", None],
        "description": "digest: status update (same tag, new build); for status new, the first "
        "number that differs from previous_tag (major, minor, any later one: patch), or "
        "prerelease when only the pre-release differs; null where either is no version.",
    },
    "snoozed_until": {
        **_OPTIONAL_UTC_TIME,
        "description": "While snoozed: acknowledged until then, pending again afterwards.",
    },
}
_TAG_OF_IMAGE: Schema = {
    "type": ["string", "null"],
    "description": "The image's tag (latest when the reference names none); null for an "
    "image pinned by digest alone.",
}
_UNTIL: Schema = {
    "anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}],
    "description": "Snooze until this RFC 3339 time (later than now) instead of dismissing: "
    "acknowledged until then, pending again afterwards by itself.",
}
_ANY_MORE: Schema = {"additionalProperties": {"$ref": "#/components/schemas/JsonValue"}}

SCHEMAS: dict[str, Schema] = {
    "JsonValue": JSON_VALUE,
    "Error": object_schema(
        {
            "title": {"type": "string", "examples": ["400 Bad Request"]},
            "description": {"type": "string", "description": "What is wrong, for a person."},
            "code": {"type": "integer"},
            "link": {"type": "object"},
        },
        ("title",),
        description="Every error diundash answers itself (waitress's own 413 is plain text).",
    ),
    "DiunWebhook": object_schema(
        {
            **_DIUN_TEXT,
            "hostname": {**HOST_NAME_IN, "type": ["string", "null"]},
            "image": IMAGE,
            "created": {
                "anyOf": [
                    {"type": "string", "format": "date-time"},
                    {"const": ""},
                    {"type": "null"},
                ],
                "description": 'RFC 3339 with any offset and precision, "" or null.',
            },
            "metadata": {"type": ["object", "null"], **_ANY_MORE},
        },
        ("image",),
        **_ANY_MORE,
        description="DIUN's webhook body. Only image is required; every field, known or "
        "not, is kept as sent. The whole body is at most 1 MiB and nests at most 32 deep.",
    ),
    "DiunEvent": object_schema(
        {
            **{key: {"type": ["string", "null"]} for key in TEXT_FIELDS},
            "image": {"type": "string"},
            "created": {"type": ["string", "null"]},
            "metadata": {"type": ["object", "null"], "additionalProperties": True},
        },
        ("image", "created", "metadata", *TEXT_FIELDS),
        additionalProperties=True,
        description='The body as DIUN sent it; standard fields it left out are "" '
        "(created and metadata: null).",
    ),
    "Tag": object_schema(
        {"id": {"type": "integer"}, "name": {"type": "string", "maxLength": MAX_TAG_NAME_LENGTH}},
        ("id", "name"),
    ),
    "Update": object_schema(
        {
            "event": ref("DiunEvent"),
            "received_at": UTC_TIME,
            "acknowledged": {"type": "boolean"},
            "acknowledged_at": {"anyOf": [UTC_TIME, {"type": "null"}]},
            "tag": {"anyOf": [ref("Tag"), {"type": "null"}]},
            "hosts": {"type": "array", "items": ref("HostEntry")},
            **_CHANGE_FIELDS,
            "image_tag": {
                **_TAG_OF_IMAGE,
                "description": "The image's tag (named so here: tag is the group the image is "
                "under, as in DiunDashboard); latest when the reference names none, null for "
                "an image pinned by digest alone.",
            },
            "resolution": {
                **RESOLUTION,
                "description": "null while a host is pending; deployed once every host is; "
                "else snoozed while a host's snooze runs, else dismissed.",
            },
            "deployed_at": {
                "anyOf": [UTC_TIME, {"type": "null"}],
                "description": "Once deployed on every host: the latest of their times.",
            },
        },
        (
            "event",
            "received_at",
            "acknowledged",
            "acknowledged_at",
            "tag",
            "hosts",
            *_CHANGE_FIELDS,
            "image_tag",
            "resolution",
            "deployed_at",
        ),
        description="event and received_at: the latest receipt of any host, and previous_tag "
        "and change that receipt's; acknowledged: on every host (dismissed, deployed, or "
        "snoozed); snoozed_until: when the first host's snooze ends; hosts: each host's own "
        "entry, by host name.",
    ),
    "HostEntry": object_schema(
        {
            "hostname": HOSTNAME,
            "status": {"type": "string"},
            "digest": {"type": "string"},
            "platform": {"type": "string"},
            "containers": {"type": "array", "items": {"type": "string"}},
            "received_at": UTC_TIME,
            "acknowledged": {"type": "boolean"},
            "acknowledged_at": {"anyOf": [UTC_TIME, {"type": "null"}]},
            **_CHANGE_FIELDS,
            "tag": _TAG_OF_IMAGE,
            "resolution": {**RESOLUTION, "description": "null: pending on this host."},
            "deployed_at": {"anyOf": [UTC_TIME, {"type": "null"}]},
            "update_request": {
                "anyOf": [ref("UpdateRequestState"), {"type": "null"}],
                "description": "The last update asked of this host's hook since this "
                "receipt; null once a deployment is reported.",
            },
        },
        (
            "hostname",
            "status",
            "digest",
            "platform",
            "containers",
            "received_at",
            "acknowledged",
            "acknowledged_at",
            *_CHANGE_FIELDS,
            "tag",
            "resolution",
            "deployed_at",
            "update_request",
        ),
        description="An image as one host last reported it, and what was done about it "
        "there; containers: the containers or services it names, from whichever metadata "
        "its provider sent (docker ctn_names, Kubernetes pod_namespace/pod_name, Nomad "
        "job_name/task_name, containerd and Swarm ctn_name).",
    ),
    "Acknowledgement": object_schema(
        {"until": _UNTIL},
        **_ANY_MORE,
        description="Optional: without a body, or without until, the update is dismissed.",
    ),
    "Updates": {
        "type": "object",
        "additionalProperties": ref("Update"),
        "description": "Every tracked image's latest update, keyed by image.",
    },
    "NewTag": object_schema(
        {
            "name": {
                **NAME,
                "maxLength": MAX_TAG_NAME_LENGTH,
                "description": "Trimmed; unique.",
            }
        },
        ("name",),
        **_ANY_MORE,
    ),
    "Assignment": object_schema(
        {"image": IMAGE, "tag_id": TAG_ID}, ("image", "tag_id"), **_ANY_MORE
    ),
    "Unassignment": object_schema({"image": IMAGE}, ("image",), **_ANY_MORE),
    "Dismissals": object_schema(
        {
            "images": {"type": ["array", "null"], "items": {"type": "string"}},
            "tag_id": {"anyOf": [TAG_ID, {"type": "null"}]},
            "host": {"anyOf": [HOST_NAME_IN, {"type": "null"}]},
            "until": _UNTIL,
        },
        **_ANY_MORE,
        description="images: dismiss those of them that are pending; else tag_id: every "
        "pending image under that tag; {}: every pending image. host: only on that host. "
        "until: snooze them until then instead.",
    ),
    "Dismissed": object_schema(
        {"dismissed": {"type": "array", "items": {"type": "string"}}}, ("dismissed",)
    ),
    **HOST_SCHEMAS,
    **DEPLOYMENT_SCHEMAS,
    **EVENT_SCHEMAS,
    **WIDGET_SCHEMAS,
    "Session": object_schema(
        {
            "user": {"type": ["string", "null"], "description": "Who is signed in."},
            "via": {"type": ["string", "null"], "enum": ["session", "token", "proxy", None]},
            "read_only": {"type": "boolean"},
            "sign_in_required": {"type": "boolean"},
            "password_sign_in": {"type": "boolean"},
        },
        ("user", "via", "read_only", "sign_in_required", "password_sign_in"),
    ),
    "SignIn": object_schema(
        {"password": {"type": "string", "minLength": 1, "maxLength": 1024}}, ("password",)
    ),
    **NOTIFICATION_SCHEMAS,
    "Health": object_schema(
        {
            "status": {"type": "string", "enum": ["ok", "behind", "unavailable", "degraded"]},
            "log_position": {"type": ["integer", "null"], "minimum": 0},
            "projection_position": {"type": ["integer", "null"], "minimum": 0},
            "error": {"type": "string"},
            "reason": {"type": "string"},
        },
        ("status", "log_position", "projection_position"),
    ),
}
