"""A burst of requests on one worker thread: waitress warns that requests
wait for it, and the real service writes one such line, not one a request,
and at the stop one more that counts the rest (``server/queue_warnings.py``)."""

import threading

import requests

from tests.live_server import LiveServer

CLIENTS = 16
REQUESTS_EACH = 10


def test_a_burst_on_one_thread_logs_one_queue_warning(tmp_path):
    failures: list[object] = []
    with LiveServer(tmp_path, env={"THREADS": "1"}) as server:
        together = threading.Barrier(CLIENTS)

        def poll() -> None:
            together.wait()
            for _ in range(REQUESTS_EACH):
                answer = requests.get(server.url("/api/updates"), timeout=30)
                if answer.status_code != 200:
                    failures.append(answer.status_code)

        clients = [threading.Thread(target=poll) for _ in range(CLIENTS)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        server.stop()

    assert failures == []
    lines = server.output().splitlines()
    first = [line for line in lines if "Task queue depth" in line]
    told = [line for line in lines if "waited for a worker thread since the last" in line]
    assert len(first) == 1, first  # sixteen clients on one thread: many waited
    assert len(told) == 1, told  # the rest, counted and told at the stop
    assert int(told[0].split(" WARNING diundash ")[1].split()[0]) >= 1
