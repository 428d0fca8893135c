"""Domain errors: a request that is well formed but cannot be accepted."""


class CommandRejected(Exception):
    """A change was refused; nothing was appended."""


class UnknownImage(CommandRejected):
    def __init__(self, image: str) -> None:
        super().__init__(f"no update is tracked for image {image!r}")


class UnknownTag(CommandRejected):
    def __init__(self, tag_id: int) -> None:
        super().__init__(f"there is no tag with id {tag_id}")


class DuplicateTagName(CommandRejected):
    def __init__(self, name: str) -> None:
        super().__init__(f"a tag named {name!r} already exists")
