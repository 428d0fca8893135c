"""The JSON Schemas of what closes the loop on an update: a resolution, a
deployment reported, an update asked of a host's hook."""

from diundash.api.openapi.blocks import (
    HOST_NAME_IN,
    HOSTNAME,
    IMAGE,
    NON_BLANK_TEXT,
    UTC_TIME,
    Schema,
    object_schema,
)
from diundash.input_rules import MAX_DIGEST_LENGTH
from diundash.projections.resolution import RESOLUTIONS

_ANY_MORE: Schema = {"additionalProperties": {"$ref": "#/components/schemas/JsonValue"}}
RESOLUTION: Schema = {"type": ["string", "null"], "enum": [*RESOLUTIONS, None]}
HOOK_STATUS: Schema = {
    "type": ["integer", "null"],
    "minimum": 100,
    "maximum": 599,
    "description": "The HTTP status the hook answered; null when it gave no answer.",
}

DEPLOYMENT_SCHEMAS: dict[str, Schema] = {
    "UpdateRequestState": object_schema(
        {
            "requested_at": UTC_TIME,
            "hook_status": HOOK_STATUS,
            "accepted": {"type": "boolean", "description": "The hook answered a 2xx."},
        },
        ("requested_at", "hook_status", "accepted"),
    ),
    "NewDeployment": object_schema(
        {
            "image": IMAGE,
            "host": {**HOST_NAME_IN, "description": "The host ('' for the one without a name)."},
            "digest": {
                **NON_BLANK_TEXT,
                "maxLength": MAX_DIGEST_LENGTH,
                "description": "The digest deployed: refused (409) unless it is the one "
                "pending on that host.",
            },
        },
        ("image", "host"),
        **_ANY_MORE,
    ),
    "Deployment": object_schema(
        {
            "image": {"type": "string"},
            "host": HOSTNAME,
            "digest": {"type": "string", "description": "The digest deployed."},
            "deployed_at": UTC_TIME,
        },
        ("image", "host", "digest", "deployed_at"),
        description="The deployment as it stands (a second report keeps the first time).",
    ),
    "NewUpdateRequest": object_schema(
        {"image": IMAGE, "host": {**HOST_NAME_IN, "description": "A host with an update hook."}},
        ("image", "host"),
        **_ANY_MORE,
    ),
    "UpdateRequestOutcome": object_schema(
        {
            "image": {"type": "string"},
            "host": HOSTNAME,
            "requested_at": UTC_TIME,
            "hook_status": HOOK_STATUS,
            "outcome": {"type": "string", "description": "What the hook answered, in words."},
        },
        ("image", "host", "requested_at", "hook_status", "outcome"),
        description="The hook took the request: nothing is deployed yet.",
    ),
}
