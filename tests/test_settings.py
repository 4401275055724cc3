"""Configuration: the demo signing key only ever signs for the embedded demo database."""

from __future__ import annotations

import pytest

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


def test_serve_refuses_to_start_without_a_secret(monkeypatch):
    from server.cli import main

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nothing")
    monkeypatch.delenv("SLOTGRAPH_SECRET", raising=False)
    with pytest.raises(SystemExit, match="SLOTGRAPH_SECRET must be set"):
        main(["serve"])
