"""Only the runner's journal writer (db/queries/audit_writes.py) inserts into the audit trails:
every `insert(...)` / `table.insert()` in the application's modules is resolved against the
module's own names, and raw SQL is searched for INSERT INTO those tables."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import sqlalchemy
from sqlalchemy.dialects import postgresql

from db.models import AppointmentHistory, SetupChange, WaitlistHistory
from db.tables import table_of

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("db", "resolvers", "schema", "server", "scheduling")
# Alembic's migration scripts are history, not code the application runs.
SKIPPED = ("db/migrations/",)
WRITER = "db.queries.audit_writes"
MODELS = (AppointmentHistory, WaitlistHistory, SetupChange)
TRAILS = {model.__tablename__ for model in MODELS}
INSERT_FUNCTIONS = (sqlalchemy.insert, postgresql.insert)
RAW_INSERT = re.compile(r"insert\s+into\s+\"?(" + "|".join(sorted(TRAILS)) + r")\b", re.I)


def modules() -> Iterator[tuple[str, ModuleType]]:
    """Each application module's source, and the module imported."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(SKIPPED):
                continue
            name = relative.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            yield path.read_text(), importlib.import_module(name)


def resolved(node: ast.expr, module: ModuleType) -> Any:
    """What a name or dotted name means in the module's namespace (None: not resolvable)."""
    if isinstance(node, ast.Name):
        return vars(module).get(node.id)
    if isinstance(node, ast.Attribute):
        owner = resolved(node.value, module)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def is_trail(value: Any) -> bool:
    if isinstance(value, type) and value in MODELS:
        return True
    return isinstance(value, sqlalchemy.Table) and value.name in TRAILS


def trail_inserts(source: str, module: ModuleType) -> Iterator[str]:
    """`module:line` of each insert into an audit trail the module's source holds."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            target = None
            if node.args and resolved(node.func, module) in INSERT_FUNCTIONS:
                target = node.args[0]
            elif isinstance(node.func, ast.Attribute) and node.func.attr == "insert":
                target = node.func.value
            if target is not None and is_trail(resolved(target, module)):
                yield f"{module.__name__}:{node.lineno}"
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and RAW_INSERT.search(node.value)
        ):
            yield f"{module.__name__}:{node.lineno} (SQL)"


def test_only_the_journal_writer_inserts_into_the_audit_trails():
    found = [where for source, module in modules() for where in trail_inserts(source, module)]
    outside = [where for where in found if not where.startswith(f"{WRITER}:")]
    assert outside == []
    # The scan sees inserts at all: the writer's one insert per trail.
    assert len(found) == len(TRAILS)


def test_the_scan_resolves_aliases_and_raw_sql():
    tables = ModuleType("tables")
    vars(tables).update(log=table_of(WaitlistHistory))
    probe = ModuleType("probe")
    vars(probe).update(history=table_of(AppointmentHistory), sa_insert=sqlalchemy.insert)
    vars(probe).update(tables=tables)
    source = (
        "sa_insert(history)\n"
        "tables.log.insert()\n"
        "sa_insert(other)\n"
        "text('INSERT INTO setup_changes (id) VALUES (1)')\n"
    )
    assert sorted(trail_inserts(source, probe)) == ["probe:1", "probe:2", "probe:4 (SQL)"]
