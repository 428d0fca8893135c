"""The OpenAPI document's text patterns say exactly what the input rules
check: for every character, alone and inside a name, the pattern and the
rule agree (so schemathesis's valid cases are accepted, its invalid ones
refused)."""

import re

import pytest

from diundash.input_rules import (
    CONTROL_CHARACTER,
    NON_BLANK_TEXT_PATTERN,
    TEXT_PATTERN,
    InvalidInput,
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
