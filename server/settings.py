"""Configuration read once from the environment."""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from db.demo.calendar import parse_anchor
from resolvers.query_limits import DEFAULT_LIMITS, QueryLimits
from resolvers.viewer import Role

PROJECT_ROOT = Path(__file__).resolve().parent.parent

if TYPE_CHECKING:
    from server.jwks import IdentityProvider

# Signs demo tokens only when the embedded demo database is used; never with DATABASE_URL.
DEMO_SECRET = "slotgraph-demo-signing-key-not-for-production"


@dataclass(frozen=True, slots=True)
class Exposure:
    """What the server shows and accepts beyond running operations (README: Persisted
    operations). These defaults are the demo's; load_settings turns introspection and GraphiQL
    off when DATABASE_URL is set, unless their settings turn them on."""

    introspection: bool = True
    graphiql: bool = True
    # Roles that may run only the shared operations (by hash, or their exact text).
    persisted_only: frozenset[Role] = frozenset()
    # Cache-Control max-age of a successful GET by hash (private: answers depend on the token).
    get_max_age: int = 0


DEMO_EXPOSURE = Exposure()


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the server reads from its environment."""

    database_url: str | None
    secret: str | None
    data_dir: Path
    host: str
    port: int
    hold_minutes: float  # fractions allowed: 0.5 is a 30-second hold
    enable_floor: bool
    # Serving: processes, database connections per process, per-request log lines.
    workers: int
    pool_size: int | None  # per worker; None: as many as fit (server/serving.py)
    access_log: bool
    # Queries as compiled plans (schema/execution); off: graphql-core executes every field.
    compiled: bool = True
    # What one request may ask for (schema/limits/, README: Limits and cost).
    limits: QueryLimits = DEFAULT_LIMITS
    exposure: Exposure = DEMO_EXPOSURE
    # An identity provider's RS256/ES256 tokens: its JWKS URL, `iss` and the `aud` expected.
    jwks_url: str | None = None
    token_issuer: str | None = None
    token_audience: str | None = None
    # The Monday the demo is laid out around; None: the current week's (db/demo/calendar.py).
    demo_anchor: date | None = None
    # Subscriptions (README: Live changes): per worker process, and per WebSocket connection.
    max_subscriptions: int = 2_000
    subscriptions_per_connection: int = 20
    # Scale-out (README: Several workers, a replica, PgBouncer): a streaming replica for
    # queries, the direct URL the change listener uses (LISTEN is session state), and whether
    # DATABASE_URL (and the replica's) is a pooler in transaction mode.
    replica_url: str | None = None
    listen_url: str | None = None
    transaction_pooling: bool = False

    @property
    def listen_database_url(self) -> str | None:
        """Where the change listener connects: DATABASE_LISTEN_URL, else DATABASE_URL."""
        return self.listen_url or self.database_url

    def identity_provider(self) -> IdentityProvider | None:
        """The identity provider whose tokens are accepted besides HS256 ones, if any."""
        if self.jwks_url is None:
            return None
        if not self.jwks_url.startswith(("https://", "http://")):
            raise ConfigurationError("SLOTGRAPH_JWKS_URL must be an https:// (or http://) URL")
        if not self.token_issuer or not self.token_audience:
            raise ConfigurationError(
                "SLOTGRAPH_JWKS_URL needs SLOTGRAPH_TOKEN_ISSUER and SLOTGRAPH_TOKEN_AUDIENCE"
            )
        from server.jwks import IdentityProvider

        return IdentityProvider(
            self.jwks_url, issuer=self.token_issuer, audience=self.token_audience
        )

    @property
    def uses_embedded_database(self) -> bool:
        """True when no DATABASE_URL is given and the embedded PostgreSQL serves the data."""
        return self.database_url is None

    def signing_secret(self) -> str:
        """The token signing secret; the fixed demo key only with the embedded database and
        only while serving on loopback (the key is public: anyone could mint tokens with it)."""
        if self.secret:
            return self.secret
        if self.uses_embedded_database:
            if not is_loopback(self.host):
                raise ConfigurationError(
                    f"SLOTGRAPH_SECRET must be set to listen on {self.host}: the demo signing "
                    "key is public, so it is accepted only on 127.0.0.1, ::1 or localhost"
                )
            return DEMO_SECRET
        raise ConfigurationError(
            "SLOTGRAPH_SECRET must be set when DATABASE_URL points at an external server"
        )


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine's loopback interface."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name other than localhost may resolve anywhere


class ConfigurationError(RuntimeError):
    """The environment does not describe a runnable server."""


def _positive_int(env: Mapping[str, str], name: str, default: int | None) -> int | None:
    """A whole number of at least 1 from the environment, or `default` when unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigurationError(f"{name} must be a whole number of at least 1, not {raw!r}")
    return value


# Environment variable -> QueryLimits field; each a whole number of at least 1.
LIMIT_VARIABLES = {
    "SLOTGRAPH_MAX_COST": "max_cost",
    "SLOTGRAPH_MAX_DEPTH": "max_depth",
    "SLOTGRAPH_MAX_ALIASES": "max_aliases",
    "SLOTGRAPH_MAX_TOKENS": "max_tokens",
    "SLOTGRAPH_MAX_FIELDS": "max_fields",
    "SLOTGRAPH_MAX_REPEATED_FIELDS": "max_repeated_fields",
    "SLOTGRAPH_MAX_DIRECTIVES": "max_directives",
    "SLOTGRAPH_MAX_ROOT_FIELDS": "max_root_fields",
    "SLOTGRAPH_MAX_DOCUMENT_BYTES": "max_document_bytes",
    "SLOTGRAPH_MAX_BODY_BYTES": "max_body_bytes",
    "SLOTGRAPH_MAX_LIST_ITEMS": "max_list_items",
    "SLOTGRAPH_MAX_NODE_IDS": "max_node_ids",
}


# The rate limit's sizes; 0 or unset: the default (the rate limit stays on).
RATE_VARIABLES = {
    "SLOTGRAPH_RATE_LIMIT_CAPACITY": "rate_capacity",
    "SLOTGRAPH_RATE_LIMIT_PER_SECOND": "rate_per_second",
}


def _limits(env: Mapping[str, str]) -> QueryLimits:
    """The request limits, each from its variable or the default; the rate limit is on
    unless SLOTGRAPH_RATE_LIMIT is 0 (e.g. behind a gateway that limits rates itself)."""
    values: dict[str, int | bool | None] = {
        field: _positive_int(env, name, getattr(DEFAULT_LIMITS, field))
        for name, field in LIMIT_VARIABLES.items()
    }
    for name, field in RATE_VARIABLES.items():
        default = getattr(DEFAULT_LIMITS, field)
        values[field] = (
            _positive_int(env, name, default) if env.get(name, "").strip() != "0" else default
        )
    values["rate_limited"] = env.get("SLOTGRAPH_RATE_LIMIT", "1").strip() != "0"
    try:
        return QueryLimits(**values)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ConfigurationError(
            f"SLOTGRAPH_RATE_LIMIT_CAPACITY is too small: {exc} (SLOTGRAPH_MAX_COST)"
        ) from exc


def _demo_anchor(env: Mapping[str, str]) -> date | None:
    """SLOTGRAPH_DEMO_ANCHOR as the Monday of its week, or None when unset."""
    raw = env.get("SLOTGRAPH_DEMO_ANCHOR", "").strip()
    if not raw:
        return None
    try:
        return parse_anchor(raw)
    except ValueError as exc:
        raise ConfigurationError(f"SLOTGRAPH_DEMO_ANCHOR: {exc}") from None


def _switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    """`1` on, `0` off, unset the default."""
    raw = env.get(name, "").strip()
    if raw not in ("", "0", "1"):
        raise ConfigurationError(f"{name} must be 1 or 0, not {raw!r}")
    return default if not raw else raw == "1"


# Roles SLOTGRAPH_PERSISTED_ONLY may name: staff keep free text (and register documents).
RESTRICTABLE_ROLES = (Role.PATIENT, Role.INTEGRATION)


def _persisted_only(env: Mapping[str, str]) -> frozenset[Role]:
    """The roles named by SLOTGRAPH_PERSISTED_ONLY (comma-separated; empty: none)."""
    names = [name.strip().lower() for name in env.get("SLOTGRAPH_PERSISTED_ONLY", "").split(",")]
    allowed = {role.value: role for role in RESTRICTABLE_ROLES}
    unknown = [name for name in names if name and name not in allowed]
    if unknown:
        raise ConfigurationError(
            f"SLOTGRAPH_PERSISTED_ONLY names roles among {', '.join(allowed)}, "
            f"not {', '.join(map(repr, unknown))}"
        )
    return frozenset(allowed[name] for name in names if name)


def _non_negative_int(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number of at least 0 from the environment, or `default` when unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise ConfigurationError(f"{name} must be a whole number of at least 0, not {raw!r}")
    return int(raw)


def _database_url(raw: str | None, name: str = "DATABASE_URL") -> str | None:
    """DATABASE_URL (or another of the database's URLs), refused now if it is not a
    PostgreSQL URL (not when a command first connects, with a driver's traceback). The message
    leaves the URL out: it may hold a password."""
    if raw is None:
        return None
    try:
        backend = make_url(raw).get_backend_name()
    except ArgumentError:
        backend = None
    if backend not in ("postgresql", "postgres"):
        raise ConfigurationError(
            f"{name} must be a PostgreSQL URL such as postgresql://user@host:5432/slotgraph"
        )
    return raw


def _scale_out(
    env: Mapping[str, str], database_url: str | None
) -> tuple[str | None, str | None, bool]:
    """DATABASE_REPLICA_URL, DATABASE_LISTEN_URL and DATABASE_TRANSACTION_POOLING: only
    beside a DATABASE_URL (the embedded database has no replica and no pooler)."""
    names = ("DATABASE_REPLICA_URL", "DATABASE_LISTEN_URL", "DATABASE_TRANSACTION_POOLING")
    given = [name for name in names if env.get(name, "").strip()]
    if given and database_url is None:
        raise ConfigurationError(f"{', '.join(given)} need(s) DATABASE_URL")
    return (
        _database_url(env.get(names[0]) or None, names[0]),
        _database_url(env.get(names[1]) or None, names[1]),
        _switch(env, names[2], False),
    )


def _port(env: Mapping[str, str]) -> int:
    """SLOTGRAPH_PORT: a TCP port, 1 to 65535."""
    port = _positive_int(env, "SLOTGRAPH_PORT", 8000) or 8000
    if port > 65535:
        raise ConfigurationError(f"SLOTGRAPH_PORT must be at most 65535, not {port}")
    return port


# A hold outlasting a day is a mistake, and a huge value would overflow the hold's timestamp.
MAX_HOLD_MINUTES = 24 * 60


def _hold_minutes(env: Mapping[str, str]) -> float:
    """SLOTGRAPH_HOLD_MINUTES: minutes, fractions allowed (`0.5`), or seconds with an `s`
    suffix (`30s`); from 1 second to a day."""
    raw = env.get("SLOTGRAPH_HOLD_MINUTES", "").strip()
    if not raw:
        return 5
    seconds = raw.lower().endswith("s")
    try:
        value = float(raw[:-1] if seconds else raw)
    except ValueError:
        value = math.nan
    minutes = value / 60 if seconds else value
    # nan fails both comparisons; 1 second is the shortest hold worth taking.
    if not (1 / 60 <= minutes <= MAX_HOLD_MINUTES):
        raise ConfigurationError(
            "SLOTGRAPH_HOLD_MINUTES must be minutes (e.g. 5 or 0.5) or seconds with an s "
            f"(e.g. 30s), from 1 second to {MAX_HOLD_MINUTES} minutes, not {raw!r}"
        )
    return minutes


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from the environment (or the mapping given)."""
    env = os.environ if environ is None else environ
    database_url = env.get("DATABASE_URL") or None
    # The demo is for exploring; a server with its own database exposes no schema by default.
    demo = database_url is None
    replica_url, listen_url, transaction_pooling = _scale_out(env, database_url)
    return Settings(
        database_url=_database_url(database_url),
        secret=env.get("SLOTGRAPH_SECRET") or None,
        data_dir=Path(env.get("SLOTGRAPH_DATA_DIR") or PROJECT_ROOT / ".pgdata"),
        host=env.get("SLOTGRAPH_HOST", "127.0.0.1"),
        port=_port(env),
        hold_minutes=_hold_minutes(env),
        enable_floor=env.get("SLOTGRAPH_BENCH_FLOOR", "") == "1",
        workers=_positive_int(env, "SLOTGRAPH_WORKERS", os.cpu_count() or 1) or 1,
        pool_size=_positive_int(env, "SLOTGRAPH_POOL_SIZE", None),
        access_log=env.get("SLOTGRAPH_ACCESS_LOG", "") == "1",
        compiled=env.get("SLOTGRAPH_COMPILED", "1") != "0",
        limits=_limits(env),
        exposure=Exposure(
            introspection=_switch(env, "SLOTGRAPH_INTROSPECTION", demo),
            graphiql=_switch(env, "SLOTGRAPH_GRAPHIQL", demo),
            persisted_only=_persisted_only(env),
            get_max_age=_non_negative_int(env, "SLOTGRAPH_GET_MAX_AGE", 0),
        ),
        jwks_url=env.get("SLOTGRAPH_JWKS_URL") or None,
        token_issuer=env.get("SLOTGRAPH_TOKEN_ISSUER") or None,
        token_audience=env.get("SLOTGRAPH_TOKEN_AUDIENCE") or None,
        demo_anchor=_demo_anchor(env),
        max_subscriptions=_positive_int(env, "SLOTGRAPH_MAX_SUBSCRIPTIONS", 2_000) or 2_000,
        subscriptions_per_connection=_positive_int(
            env, "SLOTGRAPH_MAX_SUBSCRIPTIONS_PER_CONNECTION", 20
        )
        or 20,
        replica_url=replica_url,
        listen_url=listen_url,
        transaction_pooling=transaction_pooling,
    )
