"""The OpenAPI document's text patterns say exactly what the input rules
check: for every character, alone and inside a name, the pattern and the
rule agree (so schemathesis's valid cases are accepted, its invalid ones
refused)."""

import re

import pytest

from diundash.input_rules import (
    CONTROL_CHARACTER,
    NAME_PATTERN,
    NON_BLANK_TEXT_PATTERN,
    TEXT_PATTERN,
    InvalidInput,
    required_name,
    required_text,
)

# Every character of the Basic Multilingual Plane (where every control and
# space character is) but the surrogates, which a JSON string cannot hold
# alone, and a few beyond it.
CHARACTERS = [
    chr(code)
    for code in [*range(0x10000), 0x10000, 0x1F600, 0xE0020, 0x10FFFF]
    if not 0xD800 <= code <= 0xDFFF
]


def accepted_as_non_blank_text(value: str) -> bool:
    try:
        required_text(value, "'x'", max_length=len(value) + 1)
    except InvalidInput:
        return False
    return True


def accepted_as_name(value: str) -> bool:
    try:
        required_name(value, "'x'", max_length=len(value) + 1)
    except InvalidInput:
        return False
    return True


@pytest.mark.parametrize("around", [("", ""), ("a", ""), ("", " b"), (" ", " ")])
def test_the_non_blank_pattern_accepts_what_the_rule_accepts(around):
    before, after = around
    disagree = [
        f"U+{ord(c):04X}"
        for c in CHARACTERS
        if bool(re.fullmatch(NON_BLANK_TEXT_PATTERN, before + c + after))
        != accepted_as_non_blank_text(before + c + after)
    ]

    assert disagree == []


def test_the_text_pattern_refuses_exactly_the_control_characters():
    disagree = [
        f"U+{ord(c):04X}"
        for c in CHARACTERS
        if bool(re.fullmatch(TEXT_PATTERN, "a" + c)) == bool(CONTROL_CHARACTER.search(c))
    ]

    assert disagree == []


@pytest.mark.parametrize("around", [("", ""), ("a", ""), ("", " b"), (" ", " ")])
def test_the_name_pattern_accepts_what_the_name_rule_accepts(around):
    before, after = around
    disagree = [
        f"U+{ord(c):04X}"
        for c in CHARACTERS
        if bool(re.fullmatch(NAME_PATTERN, before + c + after))
        != accepted_as_name(before + c + after)
    ]

    assert disagree == []


@pytest.mark.parametrize(
    "character",
    [
        "\u061c",
        "\u200b",
        "\u200d",
        "\u200f",
        "\u202a",
        "\u202e",
        "\u2060",
        "\u2066",
        "\u2069",
        "\ufeff",
    ],
)
def test_names_refuse_bidirectional_and_zero_width_characters(character):
    assert accepted_as_non_blank_text("prod" + character)
    assert not accepted_as_name("prod" + character)
