"""The recall catalog's mutations: create and change recall types, add procedure-code triggers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import recall_booking_types as booking
from db.queries import recall_triggers as trigger_queries
from db.queries import recalls as queries
from db.tables import recall_triggers, recall_types
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, NotFound, Validation
from resolvers.input_limits import check_length
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.recalls.common import check_interval, check_name, check_procedure_code
from resolvers.setup.rows import audit


def _name_in_use() -> Duplicate:
    return Duplicate("A recall type with this name exists", field="name")


@dataclass(frozen=True, slots=True)
class RecallTypeChange:
    """Fields of a recall type to set; None leaves a field as it is."""

    name: str | None = None
    default_interval_months: int | None = None
    active: bool | None = None
    sort_order: int | None = None
    # The appointment types that book it: None leaves them, a list replaces them.
    appointment_type_ids: list[uuid.UUID] | None = None
    set_description: bool = False
    description: str | None = None  # with set_description: None (or empty) removes it


MAX_BOOKING_TYPES = 50


def _booking_types(change: RecallTypeChange) -> list[uuid.UUID] | None:
    """The change's appointment types without repeats; VALIDATION beyond MAX_BOOKING_TYPES."""
    if change.appointment_type_ids is None:
        return None
    ids = list(dict.fromkeys(change.appointment_type_ids))
    if len(ids) > MAX_BOOKING_TYPES:
        raise Validation(
            f"At most {MAX_BOOKING_TYPES} appointment types", field="appointmentTypeIds"
        )
    return ids


async def _link(
    connection: AsyncConnection, org: uuid.UUID, recall_type_id: uuid.UUID, ids: list[uuid.UUID]
) -> None:
    """Make exactly `ids` book the recall type; NOT_FOUND if one is no type of the org's."""
    found = await booking.count_appointment_types(connection, organization_id=org, ids=ids)
    if found != len(ids):
        raise NotFound("No appointment type with this ID", field="appointmentTypeIds")
    await booking.replace_booking_types(
        connection, organization_id=org, recall_type_id=recall_type_id, appointment_type_ids=ids
    )


def _request(values: dict[str, Any], booking_types: list[uuid.UUID] | None) -> dict[str, Any]:
    """What the idempotency key compares: the values and the appointment types."""
    if booking_types is None:
        return values
    return {**values, "appointment_type_ids": [str(ident) for ident in booking_types]}


def _type_values(change: RecallTypeChange) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if change.name is not None:
        values["name"] = check_name(change.name)
    if change.default_interval_months is not None:
        values["default_interval_months"] = check_interval(
            change.default_interval_months, "defaultIntervalMonths"
        )
    if change.active is not None:
        values["active"] = change.active
    if change.sort_order is not None:
        values["sort_order"] = change.sort_order
    if change.set_description:
        check_length(change.description, field="description")
        values["description"] = change.description or None
    return values


async def create_recall_type(
    ctx: RequestContext, change: RecallTypeChange, *, idempotency_key: str | None
) -> uuid.UUID:
    """Create a recall type; DUPLICATE for a name in use."""
    org = ctx.viewer.organization_id
    if change.name is None or change.default_interval_months is None:
        raise Validation("name and defaultIntervalMonths are required", field="name")
    values = {"active": True, "sort_order": 0, **_type_values(change)}
    booking_types = _booking_types(change)

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row = await queries.insert_row(
            connection, queries.TYPES, {**values, "organization_id": org}
        )
        if booking_types:
            await _link(connection, org, row.id, booking_types)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="createRecallType",
        idempotency_key=idempotency_key,
        request=_request(values, booking_types),
        duplicate=_name_in_use(),
    )


async def update_recall_type(
    ctx: RequestContext,
    recall_type_id: uuid.UUID,
    change: RecallTypeChange,
    *,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Change a recall type; NOT_FOUND for unknown or other organizations' types."""
    org = ctx.viewer.organization_id
    values = _type_values(change)
    booking_types = _booking_types(change)

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if not await queries.exists_in(
            connection, recall_types, organization_id=org, ident=recall_type_id
        ):
            raise NotFound("No such recall type", field="recallTypeId")
        if values:
            await queries.update_row(
                connection,
                queries.TYPES,
                organization_id=org,
                ident=recall_type_id,
                values=values,
            )
        if booking_types is not None:
            await _link(connection, org, recall_type_id, booking_types)
        return Written(recall_type_id)

    request = _request({"recall_type_id": str(recall_type_id), **values}, booking_types)
    return await run_row_mutation(
        ctx,
        work,
        name="updateRecallType",
        idempotency_key=idempotency_key,
        request=request,
        duplicate=_name_in_use(),
    )


async def create_recall_trigger(
    ctx: RequestContext,
    *,
    recall_type_id: uuid.UUID,
    procedure_code: str,
    idempotency_key: str | None,
) -> uuid.UUID:
    """Make a procedure code set a recall type; DUPLICATE when the code already has a trigger."""
    org = ctx.viewer.organization_id
    code = check_procedure_code(procedure_code)

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if not await queries.exists_in(
            connection, recall_types, organization_id=org, ident=recall_type_id
        ):
            raise NotFound("No such recall type", field="recallTypeId")
        row = await queries.insert_row(
            connection,
            queries.TRIGGERS,
            {"organization_id": org, "recall_type_id": recall_type_id, "procedure_code": code},
        )
        return Written(row.id)

    request = {"recall_type_id": str(recall_type_id), "procedure_code": code}
    return await run_row_mutation(
        ctx,
        work,
        name="createRecallTrigger",
        idempotency_key=idempotency_key,
        request=request,
        duplicate=Duplicate("This procedure code already triggers a recall", field="procedureCode"),
    )


async def delete_recall_trigger(
    ctx: RequestContext, trigger_id: uuid.UUID, *, idempotency_key: str | None
) -> uuid.UUID:
    """Delete a trigger (audited, with what it was); NOT_FOUND for an unknown or another
    organization's. Recalls it set stay: they belong to their patients."""

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        row = await trigger_queries.delete_trigger(
            connection, organization_id=ctx.viewer.organization_id, trigger_id=trigger_id
        )
        if row is None:
            raise NotFound("No such recall trigger", field="recallTriggerId")
        was = {"recall_type_id": row.recall_type_id, "procedure_code": row.procedure_code}
        audit(tx.journal, recall_triggers, trigger_id, "DELETED", was)
        return Written(trigger_id)

    return await run_row_mutation(
        ctx,
        work,
        name="deleteRecallTrigger",
        idempotency_key=idempotency_key,
        request={"recall_trigger_id": str(trigger_id)},
    )
