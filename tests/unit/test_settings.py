"""Configuration: the demo signing key only ever signs for the embedded demo database; serving
settings (workers, pool size per worker within max_connections)."""

from __future__ import annotations

import os
from datetime import date

import pytest

from server.serving import pool_size_for
from server.settings import DEMO_SECRET, ConfigurationError, load_settings


def test_embedded_database_uses_the_demo_key():
    assert load_settings({}).signing_secret() == DEMO_SECRET


def test_an_external_database_requires_a_secret():
    settings = load_settings({"DATABASE_URL": "postgresql://db.example/slotgraph"})
    with pytest.raises(ConfigurationError, match="SLOTGRAPH_SECRET must be set"):
        settings.signing_secret()


def test_a_configured_secret_wins():
    settings = load_settings({"DATABASE_URL": "postgresql://x/y", "SLOTGRAPH_SECRET": "s" * 40})
    assert settings.signing_secret() == "s" * 40


def test_serve_refuses_to_start_without_a_secret(monkeypatch, capsys):
    from server.cli import main

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nothing")
    monkeypatch.delenv("SLOTGRAPH_SECRET", raising=False)
    with pytest.raises(SystemExit) as exited:
        main(["serve"])
    assert exited.value.code == 2
    assert "SLOTGRAPH_SECRET must be set" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("", 5),
        ("2", 2),
        ("0.5", 0.5),
        (" .25 ", 0.25),
        ("30s", 0.5),
        ("90S", 1.5),
        ("1s", 1 / 60),
        ("1440", 1440),
    ],
)
def test_hold_minutes_take_fractions_or_seconds(value, minutes):
    assert load_settings({"SLOTGRAPH_HOLD_MINUTES": value}).hold_minutes == minutes


@pytest.mark.parametrize(
    "value", ["0", "-1", "0.5s", "1441", "86401s", "five", "5m", "nan", "inf", "1e400", "s"]
)
def test_hold_minutes_outside_a_second_to_a_day_are_refused(value):
    with pytest.raises(ConfigurationError, match="SLOTGRAPH_HOLD_MINUTES must be minutes"):
        load_settings({"SLOTGRAPH_HOLD_MINUTES": value})


@pytest.mark.parametrize(
    "url",
    ["postgresql://u@h:5432/db", "postgres://u@h/db", "postgresql+asyncpg://u@h/db"],
)
def test_database_url_must_be_postgresql(url):
    assert load_settings({"DATABASE_URL": url}).database_url == url
    with pytest.raises(ConfigurationError, match="DATABASE_URL must be a PostgreSQL URL"):
        load_settings({"DATABASE_URL": url.replace("postgres", "mysql", 1)})


def test_serving_defaults():
    settings = load_settings({})
    assert settings.workers == (os.cpu_count() or 1)
    assert settings.pool_size is None
    assert settings.access_log is False


def test_serving_settings_from_the_environment():
    settings = load_settings(
        {"SLOTGRAPH_WORKERS": "3", "SLOTGRAPH_POOL_SIZE": "4", "SLOTGRAPH_ACCESS_LOG": "1"}
    )
    assert (settings.workers, settings.pool_size, settings.access_log) == (3, 4, True)


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_workers_must_be_a_positive_number(value):
    with pytest.raises(ConfigurationError, match="SLOTGRAPH_WORKERS must be a whole number"):
        load_settings({"SLOTGRAPH_WORKERS": value})


def test_the_default_pool_shrinks_to_fit_max_connections():
    # 100 - 3 reserved for superusers - 5 spare = 92 connections; a worker may hold 2 x pool.
    limit = 97
    assert pool_size_for(load_settings({}), 2, limit) == 10
    assert pool_size_for(load_settings({}), 8, limit) == 5
    assert pool_size_for(load_settings({}), 46, limit) == 1
    with pytest.raises(ConfigurationError, match="set SLOTGRAPH_WORKERS lower"):
        pool_size_for(load_settings({}), 47, limit)


def test_an_explicit_pool_size_that_does_not_fit_is_refused():
    settings = load_settings({"SLOTGRAPH_POOL_SIZE": "20"})
    assert pool_size_for(settings, 2, 97) == 20  # 2 x (20 + 20) = 80 <= 92
    with pytest.raises(ConfigurationError, match="exceed the 92 PostgreSQL allows"):
        pool_size_for(settings, 3, 97)


def test_request_limits_from_the_environment():
    from resolvers.query_limits import DEFAULT_LIMITS

    assert load_settings({}).limits == DEFAULT_LIMITS
    limits = load_settings({"SLOTGRAPH_MAX_COST": "900", "SLOTGRAPH_MAX_DEPTH": "8"}).limits
    assert (limits.max_cost, limits.max_depth) == (900, 8)
    assert limits.max_aliases == DEFAULT_LIMITS.max_aliases
    with pytest.raises(ConfigurationError, match="SLOTGRAPH_MAX_BODY_BYTES must be a whole"):
        load_settings({"SLOTGRAPH_MAX_BODY_BYTES": "0"})


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_the_demo_key_serves_on_loopback(host):
    assert load_settings({"SLOTGRAPH_HOST": host}).signing_secret() == DEMO_SECRET


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_the_demo_key_is_refused_beyond_loopback(host):
    settings = load_settings({"SLOTGRAPH_HOST": host})
    with pytest.raises(ConfigurationError, match="SLOTGRAPH_SECRET must be set to listen on"):
        settings.signing_secret()
    assert load_settings({"SLOTGRAPH_HOST": host, "SLOTGRAPH_SECRET": "s" * 40}).signing_secret()


def test_the_demo_anchor_from_the_environment():
    # unset: the current week at seeding time; any date names the Monday of its week
    assert load_settings({}).demo_anchor is None
    assert load_settings({"SLOTGRAPH_DEMO_ANCHOR": "2026-11-16"}).demo_anchor == date(2026, 11, 16)
    assert load_settings({"SLOTGRAPH_DEMO_ANCHOR": "2026-11-19"}).demo_anchor == date(2026, 11, 16)
    with pytest.raises(ConfigurationError, match="SLOTGRAPH_DEMO_ANCHOR: the demo anchor must"):
        load_settings({"SLOTGRAPH_DEMO_ANCHOR": "next monday"})


PRIMARY = "postgresql://app@db-primary:5432/slotgraph"


def test_scale_out_settings_default_to_the_primary_alone():
    settings = load_settings({"DATABASE_URL": PRIMARY})
    assert (settings.replica_url, settings.transaction_pooling) == (None, False)
    assert settings.listen_database_url == PRIMARY


def test_scale_out_settings_are_read():
    settings = load_settings(
        {
            "DATABASE_URL": "postgresql://app@pgbouncer:6432/slotgraph",
            "DATABASE_REPLICA_URL": "postgresql://app@db-replica:5432/slotgraph",
            "DATABASE_LISTEN_URL": PRIMARY,
            "DATABASE_TRANSACTION_POOLING": "1",
        }
    )
    assert settings.replica_url == "postgresql://app@db-replica:5432/slotgraph"
    assert settings.listen_database_url == PRIMARY
    assert settings.transaction_pooling is True
    # behind a pooler, the workers' pools are not fitted to the server's max_connections
    assert pool_size_for(settings, workers=8, connection_limit=None) == 10


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"DATABASE_REPLICA_URL": PRIMARY}, "DATABASE_REPLICA_URL need(s) DATABASE_URL"),
        (
            {"DATABASE_URL": PRIMARY, "DATABASE_REPLICA_URL": "mysql://x/y"},
            "DATABASE_REPLICA_URL must be a PostgreSQL URL",
        ),
        (
            {"DATABASE_URL": PRIMARY, "DATABASE_LISTEN_URL": "nonsense"},
            "DATABASE_LISTEN_URL must be a PostgreSQL URL",
        ),
        ({"DATABASE_URL": PRIMARY, "DATABASE_TRANSACTION_POOLING": "yes"}, "must be 1 or 0"),
    ],
)
def test_scale_out_settings_are_refused_clearly(environment, message):
    with pytest.raises(ConfigurationError) as refused:
        load_settings(environment)
    assert message in str(refused.value)
    assert "app@" not in str(refused.value)  # a URL (and its password) is never quoted
