"""An image reference split the way Docker reads it (as the page's
``lib/image-ref.ts`` does): ``registry/repository:tag@digest``."""

from functools import lru_cache
from typing import NamedTuple

DEFAULT_REGISTRY = "docker.io"

# ``diun notif test`` sends ``docker.io/diun/testnotif:latest`` (with provider
# ``file``): a check that the notifier reaches diundash, not an update of
# anything that runs. Every spelling Docker reads as that image, listed so SQL
# can leave it out of what is pending (``entry_states.pending_sql``).
CONNECTION_TEST_IMAGES = tuple(
    f"{registry}diun/testnotif{tag}"
    for registry in ("", "docker.io/", "index.docker.io/", "registry-1.docker.io/")
    for tag in ("", ":latest")
)


class ImageRef(NamedTuple):
    """The parts of an image reference; ``tag`` is None for one pinned by digest alone."""

    registry: str
    repository: str
    tag: str | None

    @property
    def name(self) -> str:
        """The repository as people say it, with its registry unless it is
        Docker Hub, and without Docker Hub's implicit ``library/``."""
        if self.registry != DEFAULT_REGISTRY:
            return f"{self.registry}/{self.repository}"
        return self.repository.removeprefix("library/")


class RepositoryTag(NamedTuple):
    """``repository`` with its registry (``docker.io/library/nginx``) and
    ``tag`` (``1.27.3``; None for an image pinned by digest alone)."""

    repository: str
    tag: str | None


def parse_image(reference: str) -> ImageRef:
    """Split ``reference``; the first path component is a registry only if
    it holds ``.`` or ``:`` or is ``localhost``."""
    name, at, _ = reference.strip().partition("@")
    last_slash = name.rfind("/")
    tag_colon = name.find(":", last_slash + 1)
    path = name if tag_colon == -1 else name[:tag_colon]
    tag = None if tag_colon == -1 else name[tag_colon + 1 :]
    first, slash, rest = path.partition("/")
    has_registry = bool(slash) and ("." in first or ":" in first or first == "localhost")
    registry = first if has_registry else DEFAULT_REGISTRY
    if registry in ("index.docker.io", "registry-1.docker.io"):
        registry = DEFAULT_REGISTRY
    repository = rest if has_registry else path
    if registry == DEFAULT_REGISTRY and "/" not in repository:
        repository = f"library/{repository}"
    return ImageRef(registry, repository, tag if tag is not None else (None if at else "latest"))


@lru_cache(maxsize=65536)
def split_image(image: str) -> RepositoryTag:
    """``image``'s repository, registry included (Docker Hub's too), and
    its tag: what the list shows as ``repository`` and ``tag``."""
    ref = parse_image(image)
    return RepositoryTag(f"{ref.registry}/{ref.repository}", ref.tag)


def is_connection_test(image: str) -> bool:
    """Whether ``image`` is the one ``diun notif test`` sends."""
    return image in CONNECTION_TEST_IMAGES
