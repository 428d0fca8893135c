"""The README's Homepage and Glance blocks, read out of the README and run
against a real GET /api/summary the way each start page reads it:

- Homepage's ``customapi`` (``src/widgets/customapi/``): a string ``field``
  is a path split on ``.``, ``[`` and ``]`` (its ``shvl.get``); ``display:
  dynamic-list`` finds ``mappings.items`` by splitting on ``.``, reads each
  item's ``name`` and ``label`` keys and fills ``{key}`` in ``target``.
- Glance's ``custom-api``: ``.JSON.Int "a.0.b"`` and friends take gjson
  paths (``.``-separated, indexes as numbers); inside ``range .JSON.Array``
  each item's ``.String "key"``.
"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import SECRET

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Start pages, feeds and widgets"


def yaml_blocks() -> list[Any]:
    text = README.read_text()
    section = text[text.index(SECTION) :]
    section = section[: section.index("\n## ", len(SECTION))]
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)]


def homepage_widgets() -> list[dict[str, Any]]:
    services = next(
        block for block in yaml_blocks() if isinstance(block, list) and "Updates" in block[0]
    )
    return [service[name]["widget"] for service in services[0]["Updates"] for name in service]


def glance_widget() -> dict[str, Any]:
    return next(
        block[0]
        for block in yaml_blocks()
        if isinstance(block, list) and block[0].get("type") == "custom-api"
    )


def shvl_get(data: Any, path: str) -> Any:
    """Homepage's ``shvl.get(data, path, null) ?? data[path] ?? null``."""
    value = data
    for key in re.split(r"[.[\]]+", path):
        if isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return data.get(path) if isinstance(data, dict) else None
    return value


def gjson_get(data: Any, path: str) -> Any:
    """A gjson path of keys and indexes, as Glance's templates use them."""
    value = data
    for key in path.split("."):
        if isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        elif isinstance(value, dict) and key in value:
            value = value[key]
        else:
            raise KeyError(path)
    return value


def receive(client, image: str, host: str) -> None:
    body = {"image": image, "hostname": host, "status": "new", "digest": "sha256:1"}
    assert client.simulate_post(
        "/webhook", json=body, headers={"Authorization": SECRET}
    ).status == ("200 OK")


@pytest.fixture
def summary(client) -> dict[str, Any]:
    for n in range(3):
        receive(client, f"docker.io/library/app{n}:1", "nas")
    receive(client, "ghcr.io/acme/tool:2", "web")
    response = client.simulate_get("/api/summary")
    assert response.status_code == 200
    return dict(response.json)


def test_the_readme_has_both_homepage_widgets_and_the_glance_widget():
    assert [widget["type"] for widget in homepage_widgets()] == ["customapi", "customapi"]
    assert glance_widget()["url"].startswith("http://diundash:8080/api/summary")


def test_homepage_customapi_fields_find_numbers_in_the_summary(summary):
    mappings = homepage_widgets()[0]["mappings"]
    values = {mapping["field"]: shvl_get(summary, mapping["field"]) for mapping in mappings}

    assert values["pending"] == 4
    assert values["by_host.0.pending"] == 3  # nas, first by name
    assert values["stale_hosts"] == 0
    assert isinstance(values["items"], list)  # format: size counts them
    assert all(value is not None for value in values.values())


def test_homepage_dynamic_list_finds_the_items_their_names_and_links(summary):
    mappings = homepage_widgets()[1]["mappings"]
    items = summary
    for part in mappings["items"].split("."):
        items = items[part]

    assert isinstance(items, list)
    assert len(items) == 4
    for item in items:
        assert isinstance(item[mappings["name"]], str)
        assert isinstance(item[mappings["label"]], str)
        keys = re.findall(r"\{([^}]+)\}", mappings["target"])
        link = mappings["target"].format(**{key: item[key] for key in keys})
        assert link.startswith("http://falconframework.org/?image=")


def test_glance_template_paths_resolve_to_the_kinds_it_reads(summary):
    template = glance_widget()["template"]
    top = re.findall(r'\$?\.JSON\.(Int|String|Array|Float|Bool) "([^"]+)"', template)
    inner = re.findall(r'(?<!JSON)\.String "([^"]+)"', template)
    kinds = {"Int": int, "String": str, "Array": list, "Float": float, "Bool": bool}

    assert ("Int", "pending") in top
    assert ("Int", "by_host.0.pending") in top
    assert ("Array", "items") in top
    for kind, path in top:
        assert isinstance(gjson_get(summary, path), kinds[kind]), path
    for item in summary["items"]:
        for key in inner:
            assert isinstance(item[key], str), key
