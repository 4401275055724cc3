"""What every benchmark shares: the server it measures, the caller's headers, the results file.

`measure_on_server` starts `slotgraph serve` on the demo database (or uses a running server on
loopback), waits for /healthz, runs one measurement coroutine, always stops the server again,
and turns benchmark failures into a one-line exit message.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from db.demo import DEMO_ORG_ID, current_anchor
from resolvers.viewer import Role
from server.settings import PROJECT_ROOT, load_settings
from server.tokens import mint_token

RESULTS = PROJECT_ROOT / "bench" / "results"
SERVER_LOG = RESULTS / "server.log"
# Extra arguments (e.g. --workers 2) reach `serve` through sys.argv.
SERVE = (
    "import sys; from server.cli import main; "
    "main(['serve', '--log-level', 'warning', *sys.argv[1:]])"
)
STARTUP_TIMEOUT = 120.0  # the first start initialises PostgreSQL and seeds the demo practice
STOP_TIMEOUT = 60.0  # in-flight requests get 30 s, then workers and PostgreSQL stop

Measurement = Callable[[str], Coroutine[Any, Any, dict[str, Any]]]


class BenchError(RuntimeError):
    """The benchmark cannot produce meaningful numbers."""


def staff_headers() -> dict[str, str]:
    """A demo staff token signed with the key the server verifies with, and JSON."""
    secret = load_settings().signing_secret()
    token = mint_token(secret=secret, organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="bench")
    return {"authorization": f"Bearer {token}", "content-type": "application/json"}


def demo_week() -> date:
    """The week the served demo is laid out around, and so its busiest: SLOTGRAPH_DEMO_ANCHOR's
    (which the server started here reads as well), else the current week's Monday."""
    return load_settings().demo_anchor or current_anchor()


def start_server(port: int, serve_args: Sequence[str] = ()) -> subprocess.Popen[bytes]:
    """`slotgraph serve` with the floor route on 127.0.0.1:port, its output in SERVER_LOG."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            # Otherwise another process could answer /healthz and we would measure that.
            raise BenchError(f"127.0.0.1:{port} is already in use; pass --port or --url")
    env = dict(os.environ, SLOTGRAPH_HOST="127.0.0.1", SLOTGRAPH_PORT=str(port))
    env.update(SLOTGRAPH_BENCH_FLOOR="1")
    # One token asks for everything, as fast as it can: the default rate limit would throttle
    # it within a second. A bucket it cannot empty keeps the charge on the measured path.
    env.setdefault("SLOTGRAPH_RATE_LIMIT_CAPACITY", str(10**12))
    env.setdefault("SLOTGRAPH_RATE_LIMIT_PER_SECOND", str(10**12))
    RESULTS.mkdir(parents=True, exist_ok=True)
    with SERVER_LOG.open("wb") as log:
        # A session of its own: a Ctrl-C of the bench reaches the server only as our SIGTERM.
        return subprocess.Popen(
            [sys.executable, "-c", SERVE, *serve_args],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )


def stop_server(process: subprocess.Popen[bytes]) -> int | None:
    """SIGTERM (graceful: workers first, then the embedded PostgreSQL); kill if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    return process.returncode


def wait_healthy(base_url: str, process: subprocess.Popen[bytes] | None) -> None:
    """Poll GET /healthz until it answers 200, the server dies, or the timeout passes."""
    timeout = STARTUP_TIMEOUT if process is not None else 10.0  # --url: it should be up already
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base_url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise BenchError(f"server exited with {process.returncode}; see {SERVER_LOG}")
            try:
                if client.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
    raise BenchError(f"{base_url}/healthz not ready after {timeout:.0f} s; see {SERVER_LOG}")


def measure_on_server(
    measurement: Measurement,
    *,
    port: int,
    url: str | None = None,
    serve_args: Sequence[str] = (),
) -> dict[str, Any]:
    """Run `measurement(base_url)` against a fresh server on `port` (or the one at `url`)."""
    if url and urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("bench: --url must point at the loopback interface (127.0.0.1)")
    # SIGTERM becomes SystemExit so that the `finally` below still stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    base_url = (url or f"http://127.0.0.1:{port}").rstrip("/")
    process: subprocess.Popen[bytes] | None = None
    try:
        process = None if url else start_server(port, serve_args)
        wait_healthy(base_url, process)
        return asyncio.run(measurement(base_url))
    except (BenchError, httpx.HTTPError, TimeoutError) as exc:
        raise SystemExit(f"bench: {exc}") from exc
    finally:
        if process is not None:
            stop_server(process)


def save(report: dict[str, Any], name: str) -> None:
    """Write bench/results/<name>.json (git-ignored) and say where."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    print(f"wrote {path.relative_to(PROJECT_ROOT)}")
