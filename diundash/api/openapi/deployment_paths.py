"""The OpenAPI operations that close the loop on an update: a deployment
reported, an update asked of a host's hook."""

from diundash.api.openapi.blocks import ref
from diundash.api.openapi.responses import TOO_LARGE, Operation, error, json_body, response

PATHS: dict[str, dict[str, Operation]] = {
    "/api/deployments": {
        "post": {
            "summary": "Report an image's update deployed on a host",
            "description": "What a deploy script, an Ansible play, a CI job or a post-update "
            "hook calls once the new image runs: the host's entry is resolved as deployed "
            "(acknowledged, in DiunDashboard's fields). A second report changes nothing.",
            "requestBody": json_body("NewDeployment"),
            "responses": {
                "200": response("Deployed.", ref("Deployment")),
                "400": error("The body is not a JSON object, or a field is missing or wrong."),
                "404": error("Nothing was received for this image on this host."),
                "409": error("digest is not the one pending on that host; the answer names it."),
                "413": TOO_LARGE,
            },
        },
    },
    "/api/update-requests": {
        "post": {
            "summary": "Ask a host's update hook to update an image",
            "description": "The server calls the hook UPDATE_HOOKS configures for the host "
            "(once: never retried), records the call and its outcome (UpdateRequested), "
            "then answers. The hook's URL and headers are never shown.",
            "requestBody": json_body("NewUpdateRequest"),
            "responses": {
                "202": response(
                    "The hook took the request (a 2xx): the update is under way, not deployed.",
                    ref("UpdateRequestOutcome"),
                ),
                "400": error("The body is not a JSON object, or a field is missing or wrong."),
                "404": error(
                    "The host has no update hook, or nothing was received for this image on it."
                ),
                "413": TOO_LARGE,
                "502": error(
                    "The hook refused (not a 2xx; redirects are not followed), gave no answer "
                    "within UPDATE_HOOK_TIMEOUT, or could not be reached. The call is recorded."
                ),
            },
        },
    },
}
