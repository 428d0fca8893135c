"""Docker tags read as versions: how two tags of one repository compare, and
what kind of change lies between them.

No library reads Docker tags as people write them: ``packaging.version``
(PEP 440) and ``semver`` take ``1.27-alpine`` for a pre-release (or refuse
it), ``awesomeversion`` refuses it, and none knows that the suffix after the
numbers is a *flavour* (``-alpine``, ``-bookworm``) to be compared only with
tags of the same flavour. So the rule is written here:

``[v]NUMBERS[PRERELEASE][-FLAVOUR]``: ``NUMBERS`` is one or more dot-separated
numbers (``2``, ``1.4``, ``1.4.2``, ``2026.11.1``; missing parts count as 0),
``PRERELEASE`` a known word (``alpha``, ``beta``, ``rc``, ``pre``,
``preview``, ``dev``, ``snapshot``, ``nightly``, ``canary``, or ``a``/``b``
followed by a number) with an optional number, and ``FLAVOUR`` whatever
follows. Any other tag (``latest``, ``stable``, ``mainline-alpine``) is not a
version.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_PRERELEASE_RANKS = {
    "dev": 0,
    "snapshot": 0,
    "nightly": 0,
    "canary": 0,
    "alpha": 1,
    "a": 1,
    "beta": 2,
    "b": 2,
    "pre": 3,
    "preview": 3,
    "rc": 4,
}
_TAG = re.compile(
    r"[vV]?(?P<numbers>\d+(?:\.\d+)*)"
    r"(?:[-.]?(?P<label>alpha|beta|rc|preview|pre|dev|snapshot|nightly|canary)"
    r"(?P<label_numbers>(?:[-.]?\d+(?:[-.]\d+)*)?)"
    r"|(?P<short>[ab])(?P<short_numbers>\d+))?"
    r"(?:-(?P<flavour>.+))?",
    re.IGNORECASE,
)
# What a change between two versions is called, by the first number that differs.
_CHANGE_BY_PART = ("major", "minor")


Order = tuple[tuple[int, ...], int, tuple[int, ...]]


@dataclass(frozen=True)
class Version:
    """A tag read as a version: its numbers (trailing zeros dropped, so
    ``1.4`` and ``1.4.0`` are equal), its pre-release (rank and numbers;
    None for a release) and its flavour (``""`` for none)."""

    numbers: tuple[int, ...]
    prerelease: tuple[int, tuple[int, ...]] | None
    flavour: str

    @property
    def order(self) -> "Order":
        """What sorts versions of one flavour: the numbers, then a release
        after every pre-release of the same numbers."""
        if self.prerelease is None:
            return self.numbers, 1, ()
        rank, numbers = self.prerelease
        return self.numbers, 0, (rank, *numbers)


@lru_cache(maxsize=4096)
def parse_version(tag: str) -> Version | None:
    """``tag`` read as a version, or None when it does not read as one."""
    match = _TAG.fullmatch(tag)
    if match is None:
        return None
    numbers = _numbers(match["numbers"])
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers = numbers[:-1]
    prerelease = None
    if match["label"] is not None:
        label, label_numbers = match["label"], match["label_numbers"]
        prerelease = (_PRERELEASE_RANKS[label.lower()], _numbers(label_numbers))
    elif match["short"] is not None:
        prerelease = (_PRERELEASE_RANKS[match["short"].lower()], _numbers(match["short_numbers"]))
    return Version(numbers, prerelease, match["flavour"] or "")


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text))


def previous_version(tag: str, known: Iterable[str]) -> str | None:
    """The newest of the ``known`` tags that comes before ``tag`` in
    version order, among tags of its flavour, or None (``tag`` is no
    version, or nothing known comes before it). A release is compared with
    releases only (``1.28.0`` follows ``1.27.3``, not ``1.28.0-rc1``); a
    pre-release with any version. Equal versions (``1.4``, ``1.4.0``) are
    not before each other; a tie between two known tags goes to the later
    name, so the answer never depends on the order ``known`` comes in."""
    version = parse_version(tag)
    if version is None:
        return None
    best: tuple[Order, str] | None = None
    for other in known:
        candidate = parse_version(other)
        if (
            candidate is None
            or candidate.flavour != version.flavour
            or (version.prerelease is None and candidate.prerelease is not None)
            or candidate.order >= version.order
        ):
            continue
        key = (candidate.order, other)
        if best is None or key > best:
            best = key
    return None if best is None else best[1]


def change_between(tag: str | None, previous: str | None) -> str | None:
    """``"major"``, ``"minor"``, ``"patch"`` or ``"prerelease"``: the first
    number that differs from ``previous`` to ``tag`` (the first, the
    second, any later one), or only the pre-release when the numbers are
    equal. None when either is missing or not a version."""
    new = parse_version(tag) if tag is not None else None
    old = parse_version(previous) if previous is not None else None
    if new is None or old is None:
        return None
    width = max(len(new.numbers), len(old.numbers))
    padded_new = new.numbers + (0,) * (width - len(new.numbers))
    padded_old = old.numbers + (0,) * (width - len(old.numbers))
    for part, (a, b) in enumerate(zip(padded_new, padded_old, strict=True)):
        if a != b:
            return _CHANGE_BY_PART[part] if part < len(_CHANGE_BY_PART) else "patch"
    return "prerelease" if new.prerelease != old.prerelease else None


def change_of(status: str, tag: str | None, previous: str | None) -> str | None:
    """The kind of change a receipt of ``status`` reports: ``"digest"`` for
    an ``update`` (same tag, new build); for a ``new`` tag, how it differs
    from ``previous`` (``change_between``); else None."""
    if status == "update":
        return "digest"
    if status == "new":
        return change_between(tag, previous)
    return None
