"""The OpenAPI operations of the tags: creating and deleting them, putting
an image under one and taking it out."""

from diundash.api.openapi.blocks import ref
from diundash.api.openapi.responses import (
    BAD_BODY,
    TOO_LARGE,
    UNKNOWN_TAG,
    Operation,
    error,
    json_body,
    response,
)

PATHS: dict[str, dict[str, Operation]] = {
    "/api/tags": {
        "get": {
            "summary": "Every tag, by id",
            "responses": {"200": response("The tags.", {"type": "array", "items": ref("Tag")})},
        },
        "post": {
            "summary": "Create a tag",
            "requestBody": json_body("NewTag"),
            "responses": {
                "201": response("Created.", ref("Tag")),
                "400": BAD_BODY,
                "409": error("A tag with this name exists."),
                "413": TOO_LARGE,
            },
        },
    },
    "/api/tags/{tag_id}": {
        "delete": {
            "summary": "Delete a tag and every assignment to it",
            "parameters": [
                {"name": "tag_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {
                "204": response("Deleted."),
                "400": error("The id is not an integer."),
                "404": UNKNOWN_TAG,
            },
        },
    },
    "/api/tag-assignments": {
        "put": {
            "summary": "Put an image under a tag (one tag per image: reassigns)",
            "requestBody": json_body("Assignment"),
            "responses": {
                "204": response("Assigned."),
                "400": BAD_BODY,
                "404": UNKNOWN_TAG,
                "413": TOO_LARGE,
            },
        },
        "delete": {
            "summary": "Take an image out of its tag",
            "requestBody": json_body("Unassignment"),
            "responses": {"204": response("Unassigned."), "400": BAD_BODY, "413": TOO_LARGE},
        },
    },
}
