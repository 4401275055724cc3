"""Server processes the tests start: a free port to serve on, waiting until one answers
/healthz, and stopping it with a signal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.paths import REPO_ROOT
from tests.support.tokens import TEST_SECRET

STARTUP_SECONDS = 90.0  # two spawned interpreters import the schema on a shared 2-core machine
SERVE = "import sys; from server.cli import main; main(['serve', *sys.argv[1:]])"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")[-3000:]
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"not healthy after {STARTUP_SECONDS} s:\n{log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes], signum: int = signal.SIGTERM) -> int:
    process.send_signal(signum)
    try:
        return process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail("the server did not exit within 40 s of the signal")


def serve_process(
    database_url: str, log: Path, workers: int = 1, **settings: str
) -> tuple[subprocess.Popen[bytes], str]:
    """`slotgraph serve` on the database and a free port (more SLOTGRAPH_ settings as
    keywords); the process (its own session) and its base URL."""
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        SLOTGRAPH_SECRET=TEST_SECRET,
        SLOTGRAPH_HOST="127.0.0.1",
        SLOTGRAPH_PORT=str(port),
        SLOTGRAPH_POOL_SIZE="4",
        **settings,
    )
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVE, "--workers", str(workers)],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, f"http://127.0.0.1:{port}"
