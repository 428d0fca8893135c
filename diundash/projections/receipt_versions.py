"""What kind of change a receipt reports: its ``previous_tag`` (the newest
tag of the same repository the log received before it, in version order,
among tags of its flavour: ``versions.previous_version``) and its
``change``. The state it needs is per repository (every tag received that
reads as a version), kept in ``repository_versions`` by the live handler and
in ``ReadModel.versions`` by the fold: the same rule over the same tags, so a
replay gives the same answer."""

from peewee import Database

from diundash.image_refs import split_image
from diundash.versions import change_of, parse_version, previous_version

Versions = tuple[str | None, str | None]  # previous_tag, change

TAGS_OF_REPOSITORY = "SELECT tag FROM repository_versions WHERE repository = ?"
ADD_TAG = (
    "INSERT INTO repository_versions (repository, tag) VALUES (?, ?) "
    "ON CONFLICT (repository, tag) DO NOTHING"
)


def project_versions(db: Database, image: str, status: str) -> Versions:
    """The previous tag and the change of a receipt of ``image`` with
    ``status``, from the tags in ``repository_versions``, to which its own
    tag is added (when it is not there yet)."""
    repository, tag = split_image(image)
    previous = None
    if tag is not None and parse_version(tag) is not None:
        known = [each for (each,) in db.execute_sql(TAGS_OF_REPOSITORY, (repository,))]
        previous = previous_version(tag, known)
        if tag not in known:  # a statement saved on each receipt of a known tag
            db.execute_sql(ADD_TAG, (repository, tag))
    return previous, change_of(status, tag, previous)


def fold_versions(versions: dict[str, set[str]], image: str, status: str) -> Versions:
    """``project_versions`` on the fold's tags by repository."""
    repository, tag = split_image(image)
    previous = None
    if tag is not None and parse_version(tag) is not None:
        known = versions.setdefault(repository, set())
        previous = previous_version(tag, known)
        known.add(tag)
    return previous, change_of(status, tag, previous)
