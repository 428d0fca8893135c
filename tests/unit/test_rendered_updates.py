"""The list's body is built once per state of the read tables, by one
thread at a time, however many pollers ask at once."""

import threading
import time

from diundash.api.rendered_updates import RenderedUpdates
from diundash.projections.update_views import ReadState


class SlowQueries:
    """Queries whose list takes a while to build, counting the builds."""

    def __init__(self) -> None:
        self.state = ReadState(7, 1)
        self.builds = 0
        self.building = 0
        self.most_at_once = 0
        self.lock = threading.Lock()

    def read_state(self) -> ReadState:
        return self.state

    def updates_json(self, host: str | None = None) -> tuple[ReadState, bytes]:
        with self.lock:
            self.builds += 1
            self.building += 1
            self.most_at_once = max(self.most_at_once, self.building)
        time.sleep(0.2)
        with self.lock:
            self.building -= 1
        return self.state, b'{"host": "%s"}' % (host or "").encode()


def ask_at_once(rendered: RenderedUpdates, hosts: list[str | None]) -> list[bytes]:
    bodies: list[bytes] = [b""] * len(hosts)

    def ask(n: int) -> None:
        bodies[n] = rendered.get(hosts[n], rendered.queries.read_state())[1].json

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(len(hosts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return bodies


def test_pollers_asking_at_once_share_one_build():
    queries = SlowQueries()
    rendered = RenderedUpdates(queries)  # type: ignore[arg-type]

    bodies = ask_at_once(rendered, [None] * 8)

    assert queries.builds == 1
    assert set(bodies) == {b'{"host": ""}'}


def test_builds_for_different_hosts_run_one_at_a_time():
    queries = SlowQueries()
    rendered = RenderedUpdates(queries)  # type: ignore[arg-type]

    bodies = ask_at_once(rendered, ["a", "b", "a", None])

    assert queries.builds == 3
    assert queries.most_at_once == 1
    assert bodies[0] == bodies[2] == b'{"host": "a"}'


def test_a_new_state_builds_a_new_body():
    queries = SlowQueries()
    rendered = RenderedUpdates(queries)  # type: ignore[arg-type]
    first = rendered.get(None, queries.state)

    queries.state = ReadState(8, 1)
    second = rendered.get(None, queries.state)

    assert (first[0], second[0]) == (ReadState(7, 1), ReadState(8, 1))
    assert queries.builds == 2
