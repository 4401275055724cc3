"""Write-side statements for blockouts, types and templates, run inside the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    DateTime,
    Table,
    Text,
    any_,
    bindparam,
    delete,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy import func as sql
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncConnection

from db.rows.blockouts import BlockoutRow
from db.shapes import one_or_none_as
from db.tables import blockout_template_items as template_items
from db.tables import blockout_templates as templates
from db.tables import blockout_types, blockouts
from scheduling.blockouts import NewBlockout


def _array(name: str, item_type: Any) -> Any:
    return bindparam(name, type_=ARRAY(item_type))


async def insert_blockouts(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    new: Sequence[NewBlockout],
    recurrences: Sequence[uuid.UUID | None] | None = None,
) -> list[uuid.UUID]:
    """Insert all blockouts with one statement (unnest of arrays), each in its recurrence
    group if `recurrences` (one per blockout) names one; their ids in the same order."""
    if not new:
        return []
    ids = [uuid.uuid4() for _ in new]
    columns = (
        "id",
        "operatory_id",
        "blockout_type_id",
        "start_at",
        "end_at",
        "note",
        "recurrence_id",
    )
    source = (
        sql.unnest(
            _array("ids", UUID(as_uuid=True)),
            _array("operatory_ids", UUID(as_uuid=True)),
            _array("type_ids", UUID(as_uuid=True)),
            _array("starts", DateTime(timezone=True)),
            _array("ends", DateTime(timezone=True)),
            _array("notes", Text()),
            _array("recurrences", UUID(as_uuid=True)),
        )
        .table_valued(*columns)
        .render_derived(name="new")
    )
    rows = select(
        literal(organization_id, UUID(as_uuid=True)),
        literal(location_id, UUID(as_uuid=True)),
        *(source.c[name] for name in columns),
    )
    statement = insert(blockouts).from_select(["organization_id", "location_id", *columns], rows)
    await connection.execute(
        statement,
        {
            "ids": ids,
            "operatory_ids": [b.operatory_id for b in new],
            "type_ids": [b.blockout_type_id for b in new],
            "starts": [b.start_at for b in new],
            "ends": [b.end_at for b in new],
            "notes": [b.note for b in new],
            "recurrences": list(recurrences) if recurrences is not None else [None] * len(new),
        },
    )
    return ids


async def join_recurrences(
    connection: AsyncConnection, *, organization_id: uuid.UUID, source_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    """Each source's recurrence group, giving a new one (and a new version: it changed) to
    a source that has none yet; source id -> group id."""
    ids = _array("ids", UUID(as_uuid=True))
    grouped = (
        update(blockouts)
        .where(
            blockouts.c.organization_id == organization_id,
            blockouts.c.id == any_(ids),
            blockouts.c.recurrence_id.is_(None),
        )
        .values(recurrence_id=sql.gen_random_uuid(), version=blockouts.c.version + 1)
    )
    await connection.execute(grouped, {"ids": list(source_ids)})
    statement = select(blockouts.c.id, blockouts.c.recurrence_id).where(
        blockouts.c.organization_id == organization_id, blockouts.c.id == any_(ids)
    )
    rows = await connection.execute(statement, {"ids": list(source_ids)})
    return {row.id: row.recurrence_id for row in rows}


async def lock_blockout(
    connection: AsyncConnection, *, organization_id: uuid.UUID, blockout_id: uuid.UUID
) -> BlockoutRow | None:
    """The blockout row, locked until the transaction ends."""
    statement = (
        select(blockouts)
        .where(blockouts.c.organization_id == organization_id, blockouts.c.id == blockout_id)
        .with_for_update()
    )
    return await one_or_none_as(connection, BlockoutRow, statement)


async def delete_blockout(connection: AsyncConnection, *, blockout_id: uuid.UUID) -> None:
    """Remove a blockout."""
    await connection.execute(delete(blockouts).where(blockouts.c.id == blockout_id))


async def insert_blockout_type(connection: AsyncConnection, values: dict[str, Any]) -> uuid.UUID:
    """Insert a blockout type and return its id."""
    statement = insert(blockout_types).values(**values).returning(blockout_types.c.id)
    return (await connection.execute(statement)).scalar_one()


async def name_taken(
    connection: AsyncConnection,
    table: Table,
    *,
    organization_id: uuid.UUID,
    name: str,
    except_id: uuid.UUID | None = None,
) -> bool:
    """Whether another row of the table already has this name in the organization."""
    statement = select(table.c.id).where(
        table.c.organization_id == organization_id, table.c.name == name
    )
    if except_id is not None:
        statement = statement.where(table.c.id != except_id)
    return (await connection.execute(statement.limit(1))).first() is not None


async def insert_template(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    values: dict[str, Any],
    items: Sequence[dict[str, Any]],
) -> uuid.UUID:
    """Insert a template (its column values) and its items (one multi-row statement); return
    the template id."""
    statement = (
        insert(templates)
        .values(organization_id=organization_id, **values)
        .returning(templates.c.id)
    )
    template_id = (await connection.execute(statement)).scalar_one()
    if items:
        rows = [
            {**item, "organization_id": organization_id, "template_id": template_id}
            for item in items
        ]
        await connection.execute(insert(template_items).values(rows))
    return template_id


async def bump_template(connection: AsyncConnection, *, template_id: uuid.UUID) -> None:
    """One of a (locked) template's items changed: its version, which covers them, goes up."""
    statement = (
        update(templates)
        .where(templates.c.id == template_id)
        .values(version=templates.c.version + 1)
    )
    await connection.execute(statement)


async def delete_template(connection: AsyncConnection, *, template_id: uuid.UUID) -> None:
    """Remove a template; its items go with it (ON DELETE CASCADE), its blockouts stay."""
    await connection.execute(delete(templates).where(templates.c.id == template_id))


async def item_count(connection: AsyncConnection, *, template_id: uuid.UUID) -> tuple[int, int]:
    """How many items a template has, and the highest sort order among them (-1 for none)."""
    statement = select(sql.count(), sql.coalesce(sql.max(template_items.c.sort_order), -1)).where(
        template_items.c.template_id == template_id
    )
    count, last = (await connection.execute(statement)).one()
    return count, last


async def update_item(
    connection: AsyncConnection, *, item_id: uuid.UUID, values: dict[str, Any]
) -> None:
    """Apply changes to a (locked) template item."""
    statement = update(template_items).where(template_items.c.id == item_id).values(values)
    await connection.execute(statement)


async def delete_item(connection: AsyncConnection, *, item_id: uuid.UUID) -> None:
    """Remove a template item."""
    await connection.execute(delete(template_items).where(template_items.c.id == item_id))
