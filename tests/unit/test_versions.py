"""Docker tags read as versions (``diundash/versions.py``) and image
references split into repository and tag (``diundash/image_refs.py``)."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diundash.image_refs import is_connection_test, split_image
from diundash.versions import change_between, change_of, parse_version, previous_version


@pytest.mark.parametrize(
    ("image", "repository", "tag"),
    [
        ("docker.io/library/nginx:1.27.3", "docker.io/library/nginx", "1.27.3"),
        ("nginx:1.27.3@sha256:" + "0" * 64, "docker.io/library/nginx", "1.27.3"),
        ("nginx", "docker.io/library/nginx", "latest"),
        ("crazymax/diun:4.33", "docker.io/crazymax/diun", "4.33"),
        ("index.docker.io/library/redis:7", "docker.io/library/redis", "7"),
        ("127.0.0.1:5000/demo/app:1.0", "127.0.0.1:5000/demo/app", "1.0"),
        ("localhost/app:2", "localhost/app", "2"),
        ("ghcr.io/org/tool@sha256:0123", "ghcr.io/org/tool", None),
        ("registry.example:5000/a/b/c", "registry.example:5000/a/b/c", "latest"),
    ],
)
def test_an_image_splits_into_repository_and_tag_as_docker_reads_it(image, repository, tag):
    assert split_image(image) == (repository, tag)


def test_the_connection_test_image_is_told_apart_however_it_is_written():
    assert is_connection_test("docker.io/diun/testnotif:latest")
    assert is_connection_test("diun/testnotif")
    assert not is_connection_test("docker.io/diun/testnotif:1.0")
    assert not is_connection_test("docker.io/crazymax/diun:latest")


@pytest.mark.parametrize(
    ("tag", "numbers", "flavour", "prerelease"),
    [
        ("v2", (2,), "", False),
        ("1.4", (1, 4), "", False),
        ("1.4.2", (1, 4, 2), "", False),
        ("1.4.0", (1, 4), "", False),
        ("2026.11.1", (2026, 11, 1), "", False),
        ("1.27-alpine", (1, 27), "alpine", False),
        ("1.27.3-alpine3.20", (1, 27, 3), "alpine3.20", False),
        ("2.0.0-rc.1", (2,), "", True),
        ("2.0.0rc1", (2,), "", True),
        ("3.13.0b4-alpine", (3, 13), "alpine", True),
        ("1.0-beta-2", (1,), "", True),
        ("8.0-fpm", (8,), "fpm", False),
        ("1.0-devel", (1,), "devel", False),
    ],
)
def test_tags_read_as_versions(tag, numbers, flavour, prerelease):
    version = parse_version(tag)

    assert version is not None
    assert (version.numbers, version.flavour, version.prerelease is not None) == (
        numbers,
        flavour,
        prerelease,
    )


@pytest.mark.parametrize("tag", ["latest", "stable", "alpine", "mainline-alpine", "", "v", "1."])
def test_tags_that_are_no_version(tag):
    assert parse_version(tag) is None


@pytest.mark.parametrize(
    ("new", "old", "change"),
    [
        ("1.27.4", "1.27.3", "patch"),
        ("1.28.0", "1.27.3", "minor"),
        ("2.0.0", "1.27.3", "major"),
        ("v2", "v1", "major"),
        ("1.4", "1.3", "minor"),
        ("1.4.2", "1.4", "patch"),
        ("2026.11.1", "2026.10.3", "minor"),
        ("2027.1.0", "2026.11.1", "major"),
        ("1.2.3.5", "1.2.3.4", "patch"),
        ("2.0.0-rc.2", "2.0.0-rc.1", "prerelease"),
        ("2.0.0", "2.0.0-rc.2", "prerelease"),
        ("1.28-alpine", "1.27-alpine", "minor"),
        ("latest", "1.0", None),
        ("1.0", "stable", None),
        ("1.0", None, None),
        ("1.4", "1.4.0", None),
    ],
)
def test_the_change_between_two_tags_is_the_first_number_that_differs(new, old, change):
    assert change_between(new, old) == change


def test_an_update_is_a_new_digest_and_other_statuses_say_nothing():
    assert change_of("update", "1.27.3", "1.27.2") == "digest"
    assert change_of("update", "latest", None) == "digest"
    assert change_of("new", "1.27.3", "1.27.2") == "patch"
    assert change_of("unchange", "1.27.3", "1.27.2") is None


def test_the_previous_tag_is_the_newest_before_it_among_its_flavour():
    known = ["1.26", "1.27.3", "1.28.0", "1.27-alpine", "1.27.2-alpine", "latest", "1.27.4-rc1"]

    assert previous_version("1.27.4", known) == "1.27.3"  # not 1.28.0, which comes after
    assert previous_version("1.28-alpine", known) == "1.27.2-alpine"
    assert previous_version("1.27.3", known) == "1.26"
    assert previous_version("1.26", known) is None
    assert previous_version("latest", known) is None
    assert previous_version("1.27.5-rc1", known) == "1.27.4-rc1"  # a pre-release: any version


def test_a_release_follows_releases_only():
    assert previous_version("1.28.0", ["1.27.3", "1.28.0-rc1", "1.28.0-rc2"]) == "1.27.3"
    assert change_between("1.28.0", previous_version("1.28.0", ["1.27.3", "1.28.0-rc1"])) == (
        "minor"
    )


def test_equal_versions_spelled_apart_are_not_each_others_previous():
    assert previous_version("1.4.0", ["1.4", "v1.4"]) is None
    # Two spellings of the newest earlier version: the answer does not depend on their order.
    answers = {previous_version("1.5", order) for order in (["1.4", "v1.4"], ["v1.4", "1.4"])}
    assert answers == {"v1.4"}


@given(
    st.lists(
        st.sampled_from(["1", "1.0", "v1.0", "1.1", "2.0-rc1", "2.0", "2.0-alpine", "x"]),
        min_size=1,
    ),
    st.randoms(),
)
def test_the_previous_tag_does_not_depend_on_the_order_tags_come_in(tags, rng: random.Random):
    shuffled = list(tags)
    rng.shuffle(shuffled)
    for tag in ("2.1", "1.0.1", "2.0", "3.0-alpine"):
        assert previous_version(tag, tags) == previous_version(tag, shuffled)


@given(st.text(max_size=60))
def test_any_tag_parses_or_is_refused_quickly_and_previous_is_before_it(tag):
    version = parse_version(tag)
    previous = previous_version(tag, ["0.1", "1.0", "1.0-rc1", tag + "0", "9" * 40])
    if version is None:
        assert previous is None
    elif previous is not None:
        earlier = parse_version(previous)
        assert earlier is not None
        assert earlier.order < version.order
