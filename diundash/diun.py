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


def workload_names(metadata: object) -> list[str]:
    """The containers or services a receipt is about, named by whichever
    keys its provider sent (DIUN's ``internal/provider/*``): docker's
    ``ctn_names`` (comma-separated), Kubernetes' pod (``pod_namespace/
    pod_name``), Nomad's job and task (``job_name/task_name``), or the
    ``ctn_name`` of containerd (its container) and Swarm (its service)."""
    if not isinstance(metadata, dict):
        return []

    def text(key: str) -> str:
        value = metadata.get(key)
        return value.replace("\x00", "") if isinstance(value, str) else ""

    if names := text("ctn_names"):
        return [name for name in names.split(",") if name]
    if pod := text("pod_name"):
        return ["/".join(part for part in (text("pod_namespace"), pod) if part)]
    if task := text("task_name") or text("job_name") or text("job_id"):
        job = text("job_name") or text("job_id")
        return [f"{job}/{task}" if job and job != task else task]
    return [name] if (name := text("ctn_name")) else []
