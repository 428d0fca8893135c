"""What we ship is what we test. No Docker engine runs here, so: the Dockerfile
is linted with hadolint and read; the wheel is built the way its `wheels`
stage builds it (the same COPY lines, the built page in diundash/static),
installed into a fresh virtual environment and served; compose.yml is parsed
and its two services must agree."""

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import yaml

from diundash.api.openapi import openapi_document
from diundash.config import Settings
from tests.helpers import REPO, SECRET
from tests.live_server import free_loopback_port, service_env

FRONTEND_DIST = REPO / "frontend" / "dist"
PIP_TIMEOUT = 300
STARTUP_TIMEOUT = 20.0
HADOLINT = Path(sys.executable).parent / "hadolint"
NGINX = "docker.io/library/nginx:1.25"


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str


def dockerfile_stages(path: Path = REPO / "Dockerfile") -> dict[str, list[Instruction]]:
    """The Dockerfile's instructions by stage name ("final" for the last stage)."""
    text = re.sub(r"\\\n", " ", path.read_text())  # line continuations
    stages: dict[str, list[Instruction]] = {}
    current: list[Instruction] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        keyword, _, args = line.strip().partition(" ")
        if keyword.upper() == "FROM":
            name = re.search(r"\bAS\s+(\S+)", args, re.IGNORECASE)
            current = stages.setdefault(name[1] if name else "final", [])
        current.append(Instruction(keyword.upper(), " ".join(args.split())))
    return stages


def instructions(stage: list[Instruction], keyword: str) -> list[str]:
    return [each.args for each in stage if each.keyword == keyword]


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves ``path`` out of the build context (its rules: the
    last matching pattern wins; a pattern matching a folder covers its files)."""
    parts = path.split("/")
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        glob = pattern.removeprefix("!").strip("/")
        regex = re.escape(glob).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
        regex = regex.replace(r"\?", "[^/]").replace(r"\[", "[").replace(r"\]", "]")
        prefixes = ("/".join(parts[:end]) for end in range(1, len(parts) + 1))
        if any(re.fullmatch(regex, prefix) for prefix in prefixes):
            ignored = not negated
    return ignored


# The Dockerfile


def test_the_dockerfile_passes_hadolint_with_no_finding_at_all(tmp_path):
    config = tmp_path / "hadolint.yaml"
    config.write_text("ignored: []\n")  # not whatever a global config would ignore

    result = subprocess.run(
        [
            str(HADOLINT),
            "--config",
            str(config),
            "--no-color",
            "--failure-threshold",
            "style",
            str(REPO / "Dockerfile"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_the_image_runs_diundash_serve_as_a_non_root_user_with_data_on_a_volume():
    final = dockerfile_stages()["final"]
    env = dict(
        pair.split("=", 1) for args in instructions(final, "ENV") for pair in shlex.split(args)
    )

    assert instructions(final, "CMD") == ['["diundash", "serve"]']
    assert instructions(final, "HEALTHCHECK")[0].endswith('CMD ["diundash", "healthcheck"]')
    (user,) = instructions(final, "USER")
    assert user.split(":")[0] not in ("0", "root")
    assert instructions(final, "VOLUME") == ['["/data"]']
    assert Path(env["DB_PATH"]).parent == Path("/data")
    assert instructions(final, "EXPOSE") == [env["PORT"]] == [str(Settings().port)]
    assert env["HOST"] == "0.0.0.0"
    assert "FRONTEND_DIST" not in env  # the page comes from inside the package
    (install,) = [run for run in instructions(final, "RUN") if "pip install" in run]
    assert "--no-index" in install
    assert "from=wheels" in install


def test_the_readme_start_command_and_the_image_both_end_in_diundash_serve():
    start = (REPO / "scripts" / "start").read_text().strip().splitlines()

    assert start[-1] == "exec .venv/bin/diundash serve"
    assert instructions(dockerfile_stages()["final"], "CMD") == ['["diundash", "serve"]']
    assert "diundash serve" in (REPO / "README.md").read_text()


def test_the_page_is_built_from_the_lock_file_and_copied_into_the_package():
    stages = dockerfile_stages()

    assert instructions(stages["frontend"], "RUN") == [
        "npm ci --no-audit --no-fund",
        "npm run build",
    ]
    assert "--from=frontend /src/frontend/dist/ diundash/static/" in instructions(
        stages["wheels"], "COPY"
    )


@pytest.mark.parametrize(
    ("path", "sent"),
    [
        ("pyproject.toml", True),
        ("setup.cfg", True),
        ("README.md", True),
        ("diundash/app.py", True),
        ("diundash/api/openapi/schemas.py", True),
        ("frontend/package.json", True),
        ("frontend/package-lock.json", True),
        ("frontend/src/main.tsx", True),
        ("frontend/node_modules/react/index.js", False),
        ("frontend/dist/index.html", False),
        ("diundash/static/index.html", False),
        ("diundash/__pycache__/app.cpython-311.pyc", False),
        (".venv/bin/python", False),
        (".git/HEAD", False),
        ("tests/http/test_api.py", False),
        ("diun.db", False),
        ("compose.yml", False),
    ],
)
def test_the_build_context_holds_only_what_the_image_needs(path, sent):
    patterns = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]

    assert dockerignored(path, patterns) is not sent


# The wheel, built as the Dockerfile builds it, in a fresh virtual environment


def stage_wheel_sources(staging: Path) -> None:
    """Do what the `wheels` stage's COPY lines do, from this checkout."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "static")
    for copy in instructions(dockerfile_stages()["wheels"], "COPY"):
        *sources, dest = shlex.split(copy)
        target = staging / dest
        if sources[0] == "--from=frontend":
            assert sources[1:] == ["/src/frontend/dist/"], copy
            shutil.copytree(FRONTEND_DIST, target)
            continue
        for source in sources:
            if (REPO / source).is_dir():
                shutil.copytree(REPO / source, target, ignore=ignore)
            else:
                shutil.copy2(REPO / source, target / source if dest.endswith("/") else target)


def run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=PIP_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; its bin folder."""
    if not (FRONTEND_DIST / "index.html").is_file():
        pytest.fail(
            "frontend/dist is not built, so the wheel would have no page: run scripts/test "
            "(it builds it) or `cd frontend && npm ci && npm run build`"
        )
    work = tmp_path_factory.mktemp("wheel")
    staging, wheels, venv = work / "src", work / "wheels", work / "venv"
    staging.mkdir()
    stage_wheel_sources(staging)
    pip_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_USER")}
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--wheel-dir",
        wheels,
        staging,
        env=pip_env,
    )
    (wheel,) = wheels.glob("diundash-*.whl")
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, env=pip_env)
    return venv / "bin"


def test_the_wheel_carries_the_built_page_and_no_tests(installed, tmp_path_factory):
    (wheel,) = (installed.parent.parent / "wheels").glob("diundash-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    page = sorted(
        str(path.relative_to(FRONTEND_DIST)) for path in FRONTEND_DIST.rglob("*") if path.is_file()
    )

    assert sorted(n.removeprefix("diundash/static/") for n in names if "/static/" in n) == page
    assert not [name for name in names if name.startswith("tests/") or name.endswith(".db")]


def test_the_installed_package_is_the_wheel_not_this_checkout(installed):
    where = run(
        installed / "python", "-c", "import diundash; print(diundash.__file__)", cwd=installed
    )

    assert Path(where.strip()).is_relative_to(installed.parent / "lib")


def test_the_installed_service_serves_the_packaged_page_and_the_api(installed, tmp_path):
    port = free_loopback_port()
    base = f"http://127.0.0.1:{port}"
    env = service_env(
        {
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "DB_PATH": str(tmp_path / "diun.db"),
            "WEBHOOK_SECRET": SECRET,
        }
    )
    env.pop("PYTHONPATH", None)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [installed / "diundash", "serve"], cwd=tmp_path, env=env, stdout=log, stderr=log
    )
    try:
        wait_until_healthy(base, server)
        found = list((installed.parent / "lib").glob("python3*/site-packages/diundash/static"))
        assert found, "the installed package has no diundash/static: the page was not packaged"
        index_file = found[0] / "index.html"

        page = requests.get(base + "/", timeout=10)
        assert page.status_code == 200
        assert page.content == index_file.read_bytes()
        for asset in re.findall(r'(?:src|href)="\.?/?(assets/[^"]+)"', page.text):
            served = requests.get(f"{base}/{asset}", timeout=10)
            assert served.status_code == 200
            assert served.content == (index_file.parent / asset).read_bytes()
        assert requests.get(base + "/some/dashboard/view", timeout=10).content == page.content

        assert requests.get(base + "/api/updates", timeout=10).json() == {}
        posted = requests.post(
            base + "/webhook", json={"image": NGINX}, headers={"Authorization": SECRET}, timeout=10
        )
        assert posted.status_code == 200
        assert list(requests.get(base + "/api/updates", timeout=10).json()) == [NGINX]
        assert requests.get(base + "/api/openapi.json", timeout=10).json() == openapi_document()

        check = subprocess.run(
            [installed / "diundash", "healthcheck"],
            env=env,
            capture_output=True,
            timeout=30,
            check=False,
        )
        assert check.returncode == 0, check
    finally:
        server.terminate()
        returncode = server.wait(timeout=15)
        log.close()
    assert returncode == 0, (tmp_path / "server.log").read_text()


def wait_until_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, "diundash serve exited while starting"
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"diundash serve did not answer /healthz within {STARTUP_TIMEOUT} s")


# compose.yml


COMPOSE_FILES = ("compose.yml", "compose.postgres.yml")


@pytest.fixture(scope="module", params=COMPOSE_FILES)
def compose(request: pytest.FixtureRequest) -> dict[str, Any]:
    return dict(yaml.safe_load((REPO / request.param).read_text()))


@pytest.fixture(scope="module")
def compose_postgres() -> dict[str, Any]:
    return dict(yaml.safe_load((REPO / "compose.postgres.yml").read_text()))


def variables_in(value: str) -> set[str]:
    """The names a compose value interpolates: ${NAME}, ${NAME:?message}, ..."""
    return set(re.findall(r"\$\{(\w+)", value))


def test_compose_builds_this_image_and_keeps_its_data_on_a_volume(compose):
    service = compose["services"]["diundash"]
    final = dockerfile_stages()["final"]

    assert service["build"] == "."
    if "DATABASE_URL" not in service["environment"]:  # SQLite: the file on the image's volume
        (volume,) = service["volumes"]
        name, target = volume.split(":")
        assert name in compose["volumes"]
        assert instructions(final, "VOLUME") == [f'["{target}"]']
    assert variables_in(service["environment"]["WEBHOOK_SECRET"]) == {"WEBHOOK_SECRET"}
    assert [port.split(":")[-1] for port in service["ports"]] == instructions(final, "EXPOSE")


def test_diun_posts_to_diundash_with_the_same_secret(compose):
    diundash, diun = compose["services"]["diundash"], compose["services"]["diun"]
    env = diun["environment"]
    endpoint = urlsplit(env["DIUN_NOTIF_WEBHOOK_ENDPOINT"])

    assert (endpoint.scheme, endpoint.hostname, endpoint.path) == ("http", "diundash", "/webhook")
    assert str(endpoint.port) in instructions(dockerfile_stages()["final"], "EXPOSE")
    assert "post" in openapi_document()["paths"][endpoint.path]
    assert env["DIUN_NOTIF_WEBHOOK_METHOD"] == "POST"
    assert variables_in(env["DIUN_NOTIF_WEBHOOK_HEADERS_AUTHORIZATION"]) == variables_in(
        diundash["environment"]["WEBHOOK_SECRET"]
    )
    assert diun["depends_on"]["diundash"]["condition"] == "service_healthy"


def test_diun_watches_docker_through_a_read_only_socket(compose):
    diun = compose["services"]["diun"]

    assert diun["environment"]["DIUN_PROVIDERS_DOCKER"] == "true"
    assert "/var/run/docker.sock:/var/run/docker.sock:ro" in diun["volumes"]
    assert diun["image"].startswith("crazymax/diun:")


def test_compose_environment_values_are_strings(compose):
    # Compose refuses unquoted YAML booleans and the like in `environment`.
    for name, service in compose["services"].items():
        for key, value in service.get("environment", {}).items():
            assert isinstance(value, str), f"{name}: {key} must be quoted"


def test_compose_postgres_wires_diundash_to_its_database(compose_postgres):
    postgres = compose_postgres["services"]["postgres"]
    diundash = compose_postgres["services"]["diundash"]
    env = postgres["environment"]
    url = urlsplit(diundash["environment"]["DATABASE_URL"])

    assert postgres["image"].startswith("postgres:15")  # the version the suite tests
    assert (url.scheme, url.hostname, url.port) == ("postgresql", "postgres", 5432)
    assert (url.username, url.path) == (env["POSTGRES_USER"], "/" + env["POSTGRES_DB"])
    assert variables_in(url.password or "") == variables_in(env["POSTGRES_PASSWORD"])
    assert diundash["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    (volume,) = postgres["volumes"]
    name, target = volume.split(":")
    assert (name in compose_postgres["volumes"], target) == (True, "/var/lib/postgresql/data")


def test_the_readme_gives_diun_the_same_webhook_settings_as_compose(compose):
    readme = (REPO / "README.md").read_text()
    env = compose["services"]["diun"]["environment"]

    for key in ("DIUN_NOTIF_WEBHOOK_ENDPOINT", "DIUN_NOTIF_WEBHOOK_METHOD"):
        assert f"{key}={env[key]}" in readme


def test_diun_reports_a_stable_host_name(compose):
    # Without it DIUN reports its container id, which changes at every recreate.
    hostname = compose["services"]["diun"]["hostname"]

    assert variables_in(hostname) == {"DOCKER_HOST_NAME"}
    assert ":-" in hostname  # with a default, so compose starts without it
