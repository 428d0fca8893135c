"""Every event type has each of its homes: a live SQL handler and a fold
(``projections/effects/``), a timeline wording (``ops/timeline.py``) and an
import rule (``input_rules.py``), and an upcaster from each older version.
Forgetting one fails here, not in a replay in production."""

from collections.abc import Collection

import pytest

from diundash.events.types import EVENT_TYPES
from diundash.events.upcasting import UPCASTERS
from diundash.input_rules import IMPORT_RULES
from diundash.ops.timeline import WORDINGS
from diundash.projections.fold import FOLDERS
from diundash.projections.projector import HANDLERS

TABLES: dict[str, Collection[type]] = {
    "live SQL handler (projections/effects/)": HANDLERS,
    "fold (projections/effects/)": FOLDERS,
    "timeline wording (ops/timeline.py)": WORDINGS,
    "import rule (input_rules.py)": IMPORT_RULES,
}


@pytest.mark.parametrize("home", TABLES)
def test_every_event_type_has_a_handler_fold_wording_and_import_rule(home):
    missing = [name for name, event_type in EVENT_TYPES.items() if event_type not in TABLES[home]]

    assert missing == [], f"no {home} for {', '.join(missing)}"


@pytest.mark.parametrize("home", TABLES)
def test_no_table_holds_a_type_the_registry_does_not_know(home):
    unknown = [each.__name__ for each in TABLES[home] if each not in EVENT_TYPES.values()]

    assert unknown == []


def test_every_older_version_of_an_event_type_has_an_upcaster():
    missing = [
        f"{name} v{version}"
        for name, event_type in EVENT_TYPES.items()
        for version in range(1, event_type.VERSION)
        if (name, version) not in UPCASTERS
    ]

    assert missing == []
    assert set(UPCASTERS) <= {
        (name, version)
        for name, event_type in EVENT_TYPES.items()
        for version in range(1, event_type.VERSION)
    }
