"""The read tables as peewee models. Columns follow DiunDashboard's schema so
existing tooling can read them; ``event_json`` (the body as DIUN sent it) and
``projection_state`` are diundash's additions. Each engine's DDL is in
``diundash/storage/``."""

from peewee import CompositeKey, IntegerField, Model, TextField

# Tables a replay empties and rebuilds, children first.
REBUILT_TABLES = (
    "tag_assignments",
    "tags",
    "updates",
    "host_updates",
    "repository_versions",
    "tokens",
    "notifications",
    "reminded_updates",
    "silent_hosts",
)


class UpdateRow(Model):
    """One image's latest update."""

    image = TextField(primary_key=True)
    diun_version = TextField(default="")
    hostname = TextField(default="")
    status = TextField(default="")
    provider = TextField(default="")
    hub_link = TextField(default="")
    mime_type = TextField(default="")
    digest = TextField(default="")
    created = TextField(default="")
    platform = TextField(default="")
    ctn_name = TextField(default="")
    ctn_id = TextField(default="")
    ctn_state = TextField(default="")
    ctn_status = TextField(default="")
    received_at = TextField()
    acknowledged_at = TextField(null=True)
    event_json = TextField(default="{}")

    class Meta:
        table_name = "updates"


class HostUpdateRow(Model):
    """One image as one host last reported it, with that host's own
    acknowledgement; ``updates`` holds what all hosts' rows add up to."""

    hostname = TextField()
    image = TextField()
    status = TextField(default="")
    digest = TextField(default="")
    platform = TextField(default="")
    diun_version = TextField(default="")
    containers = TextField(default="")
    received_at = TextField()
    receipt_position = IntegerField()
    acknowledged_at = TextField(null=True)
    event_json = TextField()
    deployed_at = TextField(null=True)
    update_requested_at = TextField(null=True)
    update_hook_status = IntegerField(null=True)
    previous_tag = TextField(null=True)
    change = TextField(null=True)
    snoozed_until = TextField(null=True)

    class Meta:
        table_name = "host_updates"
        primary_key = CompositeKey("hostname", "image")


class TagRow(Model):
    """A user-defined group of images."""

    id = IntegerField(primary_key=True)
    name = TextField(unique=True)

    class Meta:
        table_name = "tags"


class AssignmentRow(Model):
    """Which tag an image is under."""

    image = TextField(primary_key=True)
    tag_id = IntegerField()

    class Meta:
        table_name = "tag_assignments"


class ProjectionStateRow(Model):
    """The log position the read tables reflect."""

    id = IntegerField(primary_key=True)
    position = IntegerField()
    last_tag_id = IntegerField(default=0)
    read_model = IntegerField(default=0)
    generation = IntegerField(default=0)

    class Meta:
        table_name = "projection_state"
