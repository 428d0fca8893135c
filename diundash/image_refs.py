"""Image references read the way Docker reads them: the repository (registry
and path, without tag or digest) and the tag."""

from functools import lru_cache
from typing import NamedTuple

DEFAULT_REGISTRY = "docker.io"
# Names Docker Hub also answers to, shown as the one it is.
_HUB_ALIASES = {"index.docker.io", "registry-1.docker.io"}

# ``diun notif test`` sends this image (with provider ``file``): a check that
# the notifier reaches diundash, not an update of anything that runs.
CONNECTION_TEST_IMAGE = "docker.io/diun/testnotif:latest"


class ImageRef(NamedTuple):
    """``repository`` (``docker.io/library/nginx``) and ``tag`` (``1.27.3``;
    None for an image pinned by digest alone)."""

    repository: str
    tag: str | None


@lru_cache(maxsize=65536)
def split_image(image: str) -> ImageRef:
    """``registry/path:tag@digest`` split into repository and tag. The first
    path component is a registry only when it has a ``.`` or a ``:`` or is
    ``localhost`` (else the image is Docker Hub's, whose official images
    live under ``library/``); no tag and no digest means ``latest``."""
    name, at, _digest = image.partition("@")
    last_slash = name.rfind("/")
    colon = name.find(":", last_slash + 1)
    path, tag = (name, None) if colon == -1 else (name[:colon], name[colon + 1 :])
    first, slash, rest = path.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry = DEFAULT_REGISTRY if first in _HUB_ALIASES else first
        path = rest
    else:
        registry = DEFAULT_REGISTRY
    if registry == DEFAULT_REGISTRY and "/" not in path:
        path = f"library/{path}"
    if tag is None and not at:
        tag = "latest"
    return ImageRef(f"{registry}/{path}", tag)


def is_connection_test(image: str) -> bool:
    """Whether ``image`` is the one ``diun notif test`` sends."""
    return split_image(image) == split_image(CONNECTION_TEST_IMAGE)
