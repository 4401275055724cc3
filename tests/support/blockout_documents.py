"""GraphQL documents, factories and helpers shared by the blockout tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import Blockout, BlockoutTemplate, BlockoutTemplateItem, BlockoutType
from db.tables import table_of
from tests.support.factories import Practice, global_id

_sequence = itertools.count(1)

BLOCKOUT = "id startAt endAt date startTime endTime wholeLocation note operatory { id } blockoutType { name }"
ERRORS = "userErrors { field code message }"
BATCH = f"created warnings {{ code message }} blockouts {{ {BLOCKOUT} }} {ERRORS}"


def mutation(name: str, payload: str) -> str:
    """A document calling one mutation with `$input`."""
    input_type = name[0].upper() + name[1:] + "Input"
    return f"mutation ($input: {input_type}!) {{ {name}(input: $input) {{ {payload} }} }}"


async def make_blockout_type(
    engine: AsyncEngine,
    practice: Practice,
    *,
    name: str | None = None,
    no_schedule: bool = True,
    do_not_copy: bool = False,
    hidden: bool = False,
    active: bool = True,
    sort_order: int = 0,
) -> Row[Any]:
    """A blockout type of the practice."""
    n = next(_sequence)
    return await _insert(
        engine,
        BlockoutType,
        {
            "organization_id": practice.org.id,
            "name": name or f"Kind {n}",
            "abbreviation": f"K{n}",
            "color": "#996633",
            "no_schedule": no_schedule,
            "do_not_copy": do_not_copy,
            "hidden": hidden,
            "active": active,
            "sort_order": sort_order,
        },
    )


async def make_blockout(
    engine: AsyncEngine,
    practice: Practice,
    kind: Row[Any],
    start_at: datetime,
    end_at: datetime,
    *,
    operatory: Row[Any] | None = None,
    location: Row[Any] | None = None,
    note: str | None = None,
) -> Row[Any]:
    """A blockout at the practice's location: in one operatory, or location-wide (None)."""
    return await _insert(
        engine,
        Blockout,
        {
            "organization_id": practice.org.id,
            "location_id": (location or practice.location).id,
            "operatory_id": operatory.id if operatory is not None else None,
            "blockout_type_id": kind.id,
            "start_at": start_at,
            "end_at": end_at,
            "note": note,
        },
    )


async def make_template(
    engine: AsyncEngine, practice: Practice, name: str, items: list[dict[str, Any]]
) -> Row[Any]:
    """A template with items (dicts of blockout_type_id, start_time, end_time, ...)."""
    template = await _insert(
        engine, BlockoutTemplate, {"organization_id": practice.org.id, "name": name}
    )
    for order, item in enumerate(items):
        values = {"operatory_id": None, "note": None, "sort_order": order, **item}
        await _insert(
            engine,
            BlockoutTemplateItem,
            {**values, "organization_id": practice.org.id, "template_id": template.id},
        )
    return template


async def _insert(engine: AsyncEngine, model: Any, values: dict[str, Any]) -> Row[Any]:
    table = table_of(model)
    async with engine.begin() as connection:
        result = await connection.execute(insert(table).values(**values).returning(*table.c))
        return result.one()


async def blockout_state(engine: AsyncEngine) -> tuple[Any, ...]:
    """Everything a failed blockout mutation must leave untouched (its audit trail too)."""
    async with engine.connect() as connection:
        tables = []
        for model in (BlockoutType, Blockout, BlockoutTemplate, BlockoutTemplateItem):
            table = table_of(model)
            tables.append(
                tuple((await connection.execute(select(table).order_by(table.c.id))).all())
            )
        keys = (await connection.execute(text("SELECT key FROM idempotency_keys"))).all()
        audit = (await connection.execute(text("SELECT id FROM setup_changes ORDER BY id"))).all()
    return (*tables, tuple(keys), tuple(audit))


async def audit_trail(engine: AsyncEngine, subject_id: Any) -> list[tuple[str, str, Any]]:
    """(table, action, changes) of a row's setup_changes entries, oldest first."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT subject_table, action, changes FROM setup_changes "
                "WHERE subject_id = :id ORDER BY changed_at, id"
            ),
            {"id": subject_id},
        )
        return [tuple(row) for row in rows]


def gid(type_name: str, row: Any) -> str:
    """The global ID of a row (or a UUID)."""
    ident: Any = getattr(row, "id", row)
    return global_id(type_name, ident)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def error(code: str, message: str, field: str | None = None) -> list[dict[str, Any]]:
    """The userErrors list of one error (`field`: its input path, dotted)."""
    path = ["input", *field.split(".")] if field else None
    return [{"field": path, "code": code, "message": message}]


STALE = (
    "This was changed meanwhile: it is at version {}, not {}; read it again and resend the change"
)


def outcome(result: Any, field: str) -> str:
    """A mutation's first userError code, or OK."""
    assert result.errors is None, result.errors
    errors = result.data[field]["userErrors"]
    return errors[0]["code"] if errors else "OK"


def skipped(code: str, message: str) -> dict[str, str]:
    """A BlockoutWarning as the API returns it."""
    return {"code": code, "message": message}
