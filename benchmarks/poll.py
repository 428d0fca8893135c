"""The poll path alone: ``GET /api/updates`` answered ``304``, diundash
beside the bare app, in alternating rounds (a busy machine moves both
alike), on SQLite and on a throwaway PostgreSQL cluster.

    .venv/bin/python -m benchmarks.poll                # 5 rounds of 5 s each side
    .venv/bin/python -m benchmarks.poll --rounds 3 --seconds 3 --sqlite-only
    .venv/bin/python -m benchmarks.poll --also /tmp/old  # and another build's source tree
    .venv/bin/python -m benchmarks.poll --access-log     # each request logged, the default

``--also DIR`` runs a second diundash from a source tree (``git archive REV |
tar -x -C DIR``) on its own database, in the same rounds.
"""

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import requests

from benchmarks.http_ratios import Server, diundash_command, fill, running, service_env, wrk
from tests.databases import PostgresCluster, PostgresServer


def rounds_304(
    builds: Mapping[str, Server], workdir: Path, rounds: int, seconds: int
) -> dict[str, list[float]]:
    """Each build's ratio of its 304 rate to the bare app's, round by round."""
    first = next(iter(builds.values()))
    body_file = workdir / "list.json"
    body_file.write_bytes(requests.get(first.base + "/api/updates").content)
    etags = {
        name: requests.get(server.base + "/api/updates").headers["ETag"]
        for name, server in builds.items()
    }
    bare_cmd = [sys.executable, "-m", "benchmarks.bare_app", "{port}", str(body_file)]
    ratios: dict[str, list[float]] = {name: [] for name in builds}
    with running([Server(bare_cmd, {})]) as (bare,):
        sides = ["bare", *builds]
        for n in range(rounds):
            rates = {}
            # Rotate which goes first, so none always gets the quieter moment.
            for side in sides[n % len(sides) :] + sides[: n % len(sides)]:
                if side == "bare":
                    url, etag = bare.base + "/api/updates", '"bare-1"'
                else:
                    url, etag = builds[side].base + "/api/updates", etags[side]
                rates[side] = wrk([url], seconds, headers=(f"If-None-Match: {etag}",))
            figures = []
            for name in builds:
                ratios[name].append(rates[name] / rates["bare"])
                figures.append(f"{name} {rates[name]:7.0f} ({ratios[name][-1]:.2f})")
            print(
                f"  round {n + 1}: bare {rates['bare']:7.0f} req/s, "
                + ", ".join(figures)
                + f"  (load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--also", type=Path, help="another build's source tree, run beside")
    parser.add_argument(
        "--access-log", action="store_true", help="log each request, as by default (off here)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="diundash-poll-") as name:
        workdir = Path(name)
        cluster = None
        engines: list[tuple[str, dict[str, str] | None]] = [("SQLite", None)]
        if not args.sqlite_only and not PostgresCluster.available():
            cluster = PostgresCluster(settings=())
            cluster.init()
            cluster.start()
            engines.append(("PostgreSQL", {}))
        try:
            for engine, _ in engines:
                builds: dict[str, Server] = {}
                for build, tree in (("this", None), ("also", args.also)):
                    if build == "also" and tree is None:
                        continue
                    if cluster is not None and engine == "PostgreSQL":
                        url = PostgresServer(cluster.admin_url).create_database()
                        database = {"DATABASE_URL": url}
                    else:
                        database = {"DB_PATH": str(workdir / f"poll-{build}.db")}
                    env = service_env(database, workdir)
                    if args.access_log:
                        env["ACCESS_LOG"] = "on"
                    # Run from the tree: ``-m`` puts the working directory
                    # first on the path, before PYTHONPATH.
                    builds[build] = Server(diundash_command(), env, cwd=tree)
                print(f"304 on {engine}, {args.images} images:", flush=True)
                with running(list(builds.values())):
                    for server in builds.values():
                        fill(server.base, args.images)
                    ratios = rounds_304(builds, workdir, args.rounds, args.seconds)
                for build, each in ratios.items():
                    print(f"  {build}: median ratio {statistics.median(each):.2f} (goal >= 0.80)")
        finally:
            if cluster is not None:
                cluster.remove()


if __name__ == "__main__":
    main()
