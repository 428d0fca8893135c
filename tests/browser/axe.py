"""axe-core in the browser tier: inject the pinned ``axe.min.js`` from
``frontend/node_modules`` into a Playwright page, run it, and fail on serious or
critical violations.

Rules or selectors that cannot be fixed here are excluded by the caller, by name,
with a comment saying why: never silently.
"""

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.browser.conftest import FRONTEND

AXE_SCRIPT = FRONTEND / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


def axe_violations(
    page: Page,
    *,
    disabled_rules: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Every axe violation on the page as it is now (all impacts), WCAG 2.x A and AA
    rules plus axe's best practices."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not added as a <script>: the
        # page's Content-Security-Policy (rightly) refuses inline scripts.
        page.evaluate(f"() => {{ {_axe_script().read_text()}\n}}")
    assert page.evaluate("typeof window.axe !== 'undefined'"), "axe-core did not load"
    options = {
        "runOnly": {
            "type": "tag",
            "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
        },
        "rules": {rule: {"enabled": False} for rule in disabled_rules},
        "resultTypes": ["violations"],
    }
    context = {"include": [["html"]], "exclude": [[selector] for selector in exclude]}
    results = page.evaluate(
        "([context, options]) => window.axe.run(context, options)", [context, options]
    )
    return list(results["violations"])


def assert_no_serious_violations(
    page: Page,
    *,
    disabled_rules: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> None:
    """Fail, listing each rule with its nodes, when axe finds serious or critical violations."""
    violations = axe_violations(page, disabled_rules=disabled_rules, exclude=exclude)
    serious = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    others = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if others:  # shown with `pytest -s`: worth a look, not a failure
        print(f"axe, moderate or minor on {page.url}:\n{describe(others)}")
    assert not serious, "axe found serious violations:\n" + describe(serious)


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def _axe_script() -> Path:
    assert AXE_SCRIPT.is_file(), f"{AXE_SCRIPT} is missing: run `npm ci` in frontend/"
    return AXE_SCRIPT
