"""Domain errors: a request that is well formed but cannot be accepted."""


class CommandRejected(Exception):
    """A change was refused; nothing was appended."""


class UnknownImage(CommandRejected):
    def __init__(self, image: str, host: str | None = None) -> None:
        where = "" if host is None else f" on host {host!r}"
        super().__init__(f"no update is tracked for image {image!r}{where}")


class UnknownHost(CommandRejected):
    def __init__(self, hostname: str) -> None:
        super().__init__(f"no host named {hostname!r} has reported an image")


class HostNameTaken(CommandRejected):
    def __init__(self, hostname: str) -> None:
        super().__init__(f"a host named {hostname!r} exists already: forget it first, or rename it")


class UnknownTag(CommandRejected):
    def __init__(self, tag_id: int | str) -> None:
        super().__init__(f"there is no tag with id {str(tag_id)[:40]}")


class DuplicateTagName(CommandRejected):
    def __init__(self, name: str) -> None:
        super().__init__(f"a tag named {name!r} already exists")


class TokenRefused(CommandRejected):
    """An API token cannot be issued or revoked as asked."""


class DigestNotPending(CommandRejected):
    """A deployment was reported for a digest the host's entry does not hold."""

    def __init__(self, image: str, host: str, pending: str, given: str) -> None:
        held = repr(pending) if pending else "no digest (DIUN sent none)"
        super().__init__(
            f"the update of image {image!r} on host {host!r} pending now is {held}, not "
            f"{given!r}: DIUN has reported another image since, or that host runs another"
        )


class SnoozeInThePast(CommandRejected):
    """A snooze must end after the moment it is recorded."""

    def __init__(self, until: str, now: str) -> None:
        super().__init__(f"'until' ({until}) must be later than now ({now})")
