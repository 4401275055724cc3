"""Unit tests run without PostgreSQL and without the app: one that asks for a database or API
fixture belongs in tests/db or tests/api, and collection says so."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
OUTSIDE = {"database_url", "engine", "count_statements", "execute", "http"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            wanted = OUTSIDE.intersection(getattr(item, "fixturenames", ()))
            if wanted:
                raise pytest.UsageError(
                    f"{item.nodeid} uses {sorted(wanted)}: not a unit test (tests/db, tests/api)"
                )
