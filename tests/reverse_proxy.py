"""Debian's nginx in front of a live diundash, configured as the README's
"Behind a reverse proxy" example: ``location /diun/`` proxied to the service
with the prefix stripped, nothing else changed (so nginx sends ``Host`` as
the upstream's address, not the one the browser used), unless a test adds
directives (the README's variant that passes the browser's ``Host`` on)."""

import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Self

import requests

from tests.databases import free_loopback_port

NGINX = Path("/usr/sbin/nginx")
STARTUP_TIMEOUT = 10.0

CONFIG = """
daemon off;
master_process off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        # The README's example, as it is:
        location /diun/ {{
            proxy_pass {upstream}/;
            proxy_set_header X-Request-ID $request_id;
            {directives}
        }}
    }}
}}
"""


class ReverseProxy:
    """nginx on a free loopback port, proxying ``/diun/`` to ``upstream``
    (``directives`` added to that location)."""

    def __init__(self, workdir: Path, upstream: str, directives: str = "") -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_loopback_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.config = workdir / "nginx.conf"
        self.config.write_text(
            CONFIG.format(workdir=workdir, port=self.port, upstream=upstream, directives=directives)
        )
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        with (self.workdir / "stderr").open("wb") as log:
            self.process = subprocess.Popen(
                [str(NGINX), "-p", str(self.workdir), "-e", "stderr", "-c", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.workdir / 'stderr').read_text()}")
            try:
                requests.get(self.base_url + "/diun/healthz", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.05)
        self.__exit__(None, None, None)
        raise RuntimeError("nginx did not answer")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def url(self, path: str) -> str:
        return f"{self.base_url}/diun{path}"
