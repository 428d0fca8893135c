"""HTTP figures as ratios to a bare falcon + waitress app, run on this machine
in the same run with the same load generator (wrk, 2 threads, 8 connections),
so a noisy, shared machine moves both sides alike."""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson
import requests

from benchmarks.bench_common import body, free_port
from benchmarks.slow_disk import slow_disk, stop_traced
from tests.databases import PostgresCluster, PostgresServer

WRK = "/usr/bin/wrk"
# Rounds of the figures most moved by the machine's noise (the list, the 304).
ROUNDS = 3
SECRET = "s"
POST_SCRIPT = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Authorization"] = "{secret}"
wrk.headers["Content-Type"] = "application/json"
"""


@dataclass(frozen=True)
class Row:
    """One line of the table: the figure, both sides, and the goal as a ratio."""

    figure: str
    bare: float | None
    diundash: float
    unit: str
    goal: str

    def ratio(self) -> str:
        return f"{self.diundash / self.bare:5.2f}" if self.bare else "    -"


class Server:
    """A server process on a free loopback port, stopped on exit; under
    ``prefix`` (``slow_disk``'s strace) when given, and in ``cwd``."""

    def __init__(
        self,
        command: list[str],
        env: Mapping[str, str],
        prefix: list[str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.traced = bool(prefix)
        full_env = {**os.environ, **env, "PORT": str(self.port), "HOST": "127.0.0.1"}
        command = [part.replace("{port}", str(self.port)) for part in command]
        self.process = subprocess.Popen(
            [*(prefix or []), *command],
            env=full_env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                requests.get(self.base + "/healthz", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        self.process.kill()
        raise RuntimeError(f"{command} did not start")

    def peak_rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else 0.0

    def stop(self) -> None:
        if self.traced:
            stop_traced(self.process)
            return
        self.process.terminate()
        self.process.wait(timeout=20)


def wrk(
    urls: list[str],
    seconds: float,
    script: str | None = None,
    headers: tuple[str, ...] = (),
    connections: int = 8,
) -> float:
    """Requests per second over every URL at once (``connections`` in all)."""
    per_url = max(1, connections // len(urls))
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
        processes = [
            subprocess.Popen(
                [WRK, f"-t{min(2, per_url)}", f"-c{per_url}", f"-d{seconds}s"]
                + (["-s", lua.name] if script else [])
                + [arg for header in headers for arg in ("-H", header)]
                + [url],
                stdout=subprocess.PIPE,
                text=True,
            )
            for url in urls
        ]
        outputs = [process.communicate()[0] for process in processes]
    total = 0.0
    for output in outputs:
        match = re.search(r"Requests/sec:\s+([0-9.]+)", output)
        if match is None:
            raise RuntimeError(f"wrk printed no rate:\n{output}")
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        if errors:
            raise RuntimeError(f"wrk saw {errors.group(1)} failed responses:\n{output}")
        total += float(match.group(1))
    return total


def post_script() -> str:
    return POST_SCRIPT.format(
        body=orjson.dumps(orjson.dumps(body(1)).decode()).decode(), secret=SECRET
    )


def diundash_command() -> list[str]:
    return [sys.executable, "-m", "diundash", "serve"]


def service_env(database: Mapping[str, str], workdir: Path) -> dict[str, str]:
    return {
        "WEBHOOK_SECRET": SECRET,
        "ACCESS_LOG": "off",
        "FRONTEND_DIST": str(workdir / "none"),
        **database,
    }


def fill(base: str, images: int, hosts: int = 7) -> None:
    with requests.Session() as session:
        for n in range(images):
            session.post(
                base + "/webhook", json=body(n, hosts=hosts), headers={"Authorization": SECRET}
            )


@contextmanager
def running(servers: list[Server]) -> Iterator[list[Server]]:
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()


def alternating(
    measure: Callable[[Server], float], bare: Server, dash: Server, rounds: int = ROUNDS
) -> tuple[float, float]:
    """The median of ``rounds`` measures of each server, taken in turn, the
    first of each round alternating: both see the same moments of a
    shared machine."""
    measures: dict[Server, list[float]] = {bare: [], dash: []}
    for round_ in range(rounds):
        for server in (bare, dash) if round_ % 2 == 0 else (dash, bare):
            measures[server].append(measure(server))
    return statistics.median(measures[bare]), statistics.median(measures[dash])


def sqlite_rows(workdir: Path, images: int, seconds: float, delay_ms: float = 0) -> list[Row]:
    """Webhooks (``webhook_rows``), the list, its 304 and gzip, and memory, on
    SQLite, each beside the bare app (the list and the 304 in alternating
    rounds: ``alternating``)."""
    rows: list[Row] = []
    # The list body diundash serves at this size, for the bare app to serve too.
    env = service_env({"DB_PATH": str(workdir / "list.db")}, workdir)
    with running([Server(diundash_command(), env)]) as (dash,):
        fill(dash.base, images)
        list_body = requests.get(dash.base + "/api/updates").content
        zipped = requests.get(dash.base + "/api/updates", headers={"Accept-Encoding": "gzip"})
        etag = requests.get(dash.base + "/api/updates").headers["ETag"]
        body_file = workdir / "list.json"
        body_file.write_bytes(list_body)
        bare_cmd = [sys.executable, "-m", "benchmarks.bare_app", "{port}", str(body_file)]
        with running([Server(bare_cmd, {})]) as (bare,):
            bare_post = wrk([bare.base + "/webhook"], seconds, post_script())
            list_rates = alternating(
                lambda server: wrk([server.base + "/api/updates"], seconds), bare, dash
            )
            etags = {bare: '"bare-1"', dash: etag}
            rates_304 = alternating(
                lambda server: wrk(
                    [server.base + "/api/updates"],
                    seconds,
                    headers=(f"If-None-Match: {etags[server]}",),
                ),
                bare,
                dash,
            )
            bare_rss = bare.peak_rss_mib()
        (bare_list, dash_list), (bare_304, dash_304) = list_rates, rates_304
        dash_gzip = wrk([dash.base + "/api/updates"], seconds, headers=("Accept-Encoding: gzip",))
        kib = len(list_body) // 1024
        rows += [
            Row(
                f"GET /api/updates, {images} images ({kib} KiB)",
                bare_list,
                dash_list,
                "req/s",
                ">= 0.70",
            ),
            Row(
                "  same, gzip ("
                + f"{int(zipped.headers['Content-Length']) // 1024} KiB on the wire)",
                None,
                dash_gzip,
                "req/s",
                "",
            ),
            Row("GET /api/updates, If-None-Match -> 304", bare_304, dash_304, "req/s", ">= 0.80"),
        ]
        dash_rss = dash.peak_rss_mib()
    rows += webhook_rows(workdir, seconds, bare_post, delay_ms)
    rows.append(
        Row(
            f"server peak RSS after the list ({images} images)",
            bare_rss,
            dash_rss,
            "MiB",
            "<= 1.50",
        )
    )
    return rows


def webhook_rows(workdir: Path, seconds: float, bare_post: float, delay_ms: float = 0) -> list[Row]:
    """Webhooks on SQLite FULL and NORMAL, 8 clients and 1; and on FULL with
    every flush ``delay_ms`` slower (``slow_disk``), when given."""
    rows: list[Row] = []
    runs: list[tuple[str, str, list[str]]] = [("FULL", "", []), ("NORMAL", "", [])]
    if delay_ms:
        runs.append(("FULL", f", fsync + {delay_ms:g} ms", slow_disk(delay_ms)))
    for sync, disk, prefix in runs:
        database = workdir / f"post-{sync}{len(rows)}.db"
        env = service_env({"DB_PATH": str(database), "DB_SYNCHRONOUS": sync}, workdir)
        with running([Server(diundash_command(), env, prefix)]) as (dash,):
            rate = wrk([dash.base + "/webhook"], seconds, post_script())
            # One client at a time: no group commit to share the fsync.
            alone = wrk([dash.base + "/webhook"], seconds, post_script(), connections=1)
        goal = ">= 0.60" if sync == "FULL" and not disk else ""
        rows.append(
            Row(f"POST /webhook, 8 clients, SQLite {sync}{disk}", bare_post, rate, "req/s", goal)
        )
        rows.append(Row(f"POST /webhook, 1 client, SQLite {sync}{disk}", None, alone, "req/s", ""))
    return rows


def scale_rows(workdir: Path, images: int, hosts: int, seconds: float) -> list[Row]:
    """The server's peak RSS after a run at scale: ``images`` images from
    ``hosts`` hosts, then the list polled (plain, gzip, one host, 304)."""
    env = service_env({"DB_PATH": str(workdir / "scale.db")}, workdir)
    with running([Server(diundash_command(), env)]) as (dash,):
        fill(dash.base, images, hosts)
        url = dash.base + "/api/updates"
        etag = requests.get(url).headers["ETag"]
        wrk([url], seconds)
        wrk([url], seconds, headers=("Accept-Encoding: gzip",))
        wrk([url + "?host=host-1"], seconds)
        wrk([url], seconds, headers=(f"If-None-Match: {etag}",))
        peak = dash.peak_rss_mib()
    figure = f"server peak RSS after {images} images, {hosts} hosts"
    return [Row(figure, None, peak, "MiB", "<= 80")]


def postgres_rows(workdir: Path, images: int, seconds: float, bare_post: float | None) -> list[Row]:
    """The same on PostgreSQL 15 with its durable defaults: one instance, and
    two instances on one database."""
    if PostgresCluster.available():
        return []
    cluster = PostgresCluster(settings=())
    cluster.init()
    cluster.start()
    try:
        server = PostgresServer(cluster.admin_url)
        one = {"DATABASE_URL": server.create_database()}
        with running([Server(diundash_command(), service_env(one, workdir))]) as (dash,):
            post_one = wrk([dash.base + "/webhook"], seconds, post_script())
            fill(dash.base, images)
            list_one = wrk([dash.base + "/api/updates"], seconds)
        two = {"DATABASE_URL": server.create_database()}
        servers = [Server(diundash_command(), service_env(two, workdir)) for _ in range(2)]
        with running(servers):
            post_two = wrk([s.base + "/webhook" for s in servers], seconds, post_script())
    finally:
        cluster.remove()
    return [
        Row("POST /webhook, 8 clients, PostgreSQL, 1 instance", bare_post, post_one, "req/s", ""),
        Row("POST /webhook, 8 clients, PostgreSQL, 2 instances", bare_post, post_two, "req/s", ""),
        Row(f"GET /api/updates, {images} images, PostgreSQL", None, list_one, "req/s", ""),
    ]


def print_table(rows: list[Row]) -> None:
    print(f"{'figure':<52} {'bare':>9} {'diundash':>9}  {'unit':<5} {'ratio':>5}  goal")
    for row in rows:
        bare = f"{row.bare:9.1f}" if row.bare else f"{'':>9}"
        print(
            f"{row.figure:<52} {bare} {row.diundash:9.1f}  {row.unit:<5} {row.ratio()}  {row.goal}"
        )


def http_table(
    workdir: Path, images: int, seconds: float, scale_images: int, delay_ms: float = 0
) -> None:
    if not Path(WRK).is_file():
        print(f"HTTP figures skipped: no {WRK} (apt-get install wrk)")
        return
    rows = sqlite_rows(workdir, images, seconds, delay_ms)
    rows += scale_rows(workdir, scale_images, 20, seconds)
    bare_post = next(row.bare for row in rows if row.figure.startswith("POST"))
    rows += postgres_rows(workdir, images, seconds, bare_post)
    print_table(rows)
