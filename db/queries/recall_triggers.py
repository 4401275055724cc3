"""Firing recall triggers: the triggers of performed codes, and the patient's recalls they set.

Each function is one statement whatever the number of codes or recalls (arrays bound as
parameters, unnest for the rows), so completing an appointment costs the same for 1 or 20 codes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    Text,
    and_,
    any_,
    bindparam,
    case,
    cast,
    column,
    delete,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.ids import uuid_array
from db.rows.recalls import FiredTriggerRow, LockedRecallRow, RecallTriggerRow
from db.shapes import all_as, one_or_none_as
from db.tables import patient_recalls, recall_triggers, recall_types


async def triggers_for_codes(
    connection: AsyncConnection, *, organization_id: uuid.UUID, procedure_codes: Sequence[str]
) -> list[FiredTriggerRow]:
    """The organization's triggers of these codes with their type's `active` and interval."""
    statement: Select[Any] = (
        select(
            recall_triggers.c.procedure_code,
            recall_triggers.c.recall_type_id,
            recall_types.c.active.label("type_active"),
            recall_types.c.default_interval_months,
        )
        .join(
            recall_types,
            and_(
                recall_types.c.organization_id == recall_triggers.c.organization_id,
                recall_types.c.id == recall_triggers.c.recall_type_id,
            ),
        )
        .where(
            recall_triggers.c.organization_id == organization_id,
            recall_triggers.c.procedure_code == any_(bindparam("codes", type_=ARRAY(Text))),
        )
        .order_by(recall_triggers.c.procedure_code)
    )
    return await all_as(connection, FiredTriggerRow, statement, {"codes": list(procedure_codes)})


async def lock_patient_recalls_of_types(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    patient_id: uuid.UUID,
    recall_type_ids: Sequence[uuid.UUID],
) -> list[LockedRecallRow]:
    """The patient's recalls of these types (id, recall_type_id, interval_months), locked."""
    statement: Select[Any] = (
        select(
            patient_recalls.c.id,
            patient_recalls.c.recall_type_id,
            patient_recalls.c.interval_months,
        )
        .where(
            patient_recalls.c.organization_id == organization_id,
            patient_recalls.c.patient_id == patient_id,
            patient_recalls.c.recall_type_id == any_(uuid_array("types")),
        )
        .order_by(patient_recalls.c.id)
        .with_for_update()
    )
    params = {"types": list(recall_type_ids)}
    return await all_as(connection, LockedRecallRow, statement, params)


async def set_triggered_recalls(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    patient_id: uuid.UUID,
    done_on: date,
    recalls: Sequence[dict[str, Any]],
) -> list[uuid.UUID]:
    """Create or roll the patient's recall of each type; the ids written, in id order.

    Each dict has recall_type_id, interval_months and due_date. An existing recall keeps its
    own interval and note: it was done on `done_on`, is due on `due_date`, open (status due)
    and no longer linked to an appointment, one version later. A disabled recall is left alone.
    Should a recall appear between the lock and this statement (a concurrent create) with
    another interval than the caller assumed, its due date is `done_on` plus its own interval
    in PostgreSQL's month arithmetic, which clamps to the month's end as add_months does.
    """
    if not recalls:
        return []
    rows = (
        func.unnest(
            bindparam("types", type_=ARRAY(UUID(as_uuid=True))),
            bindparam("intervals", type_=ARRAY(Integer)),
            bindparam("due_dates", type_=ARRAY(Date)),
        )
        .table_valued(
            column("recall_type_id", UUID(as_uuid=True)),
            column("interval_months", Integer),
            column("due_date", Date),
        )
        .render_derived(name="fired")
    )
    source = select(
        literal(organization_id, UUID(as_uuid=True)),
        literal(patient_id, UUID(as_uuid=True)),
        rows.c.recall_type_id,
        rows.c.interval_months,
        rows.c.due_date,
        literal(done_on, Date),
    )
    inserting = insert(patient_recalls).from_select(
        [
            "organization_id",
            "patient_id",
            "recall_type_id",
            "interval_months",
            "due_date",
            "previous_date",
        ],
        source,
    )
    excluded = inserting.excluded
    own_interval = cast(
        excluded.previous_date + func.make_interval(0, patient_recalls.c.interval_months), Date
    )
    statement = inserting.on_conflict_do_update(
        index_elements=["organization_id", "patient_id", "recall_type_id"],
        set_={
            "previous_date": excluded.previous_date,
            "due_date": case(
                (patient_recalls.c.interval_months == excluded.interval_months, excluded.due_date),
                else_=own_interval,
            ),
            "status": "due",
            "appointment_id": None,
            "version": patient_recalls.c.version + 1,
            "updated_at": func.now(),
        },
        where=patient_recalls.c.disabled.is_(False),
    ).returning(patient_recalls.c.id)
    params = {
        "types": [r["recall_type_id"] for r in recalls],
        "intervals": [r["interval_months"] for r in recalls],
        "due_dates": [r["due_date"] for r in recalls],
    }
    written = (await connection.scalars(statement, params)).all()
    return sorted(written)


async def delete_trigger(
    connection: AsyncConnection, *, organization_id: uuid.UUID, trigger_id: uuid.UUID
) -> RecallTriggerRow | None:
    """Delete a trigger of the organization; the row deleted, if it was there."""
    statement = (
        delete(recall_triggers)
        .where(
            recall_triggers.c.organization_id == organization_id,
            recall_triggers.c.id == trigger_id,
        )
        .returning(*recall_triggers.c)
    )
    return await one_or_none_as(connection, RecallTriggerRow, statement)
