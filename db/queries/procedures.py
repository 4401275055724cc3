"""Reads of appointments' procedures, and of what the procedure-frequency check needs: when a
patient's procedures were done, and how often each code may be done."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Date, Text, any_, bindparam, cast, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from db.queries.ids import by_ids, uuid_array
from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from db.rows.appointments import CodeIntervalRow, DoneProcedureRow, ProcedureRow
from db.tables import appointment_procedures, appointments, locations, recall_triggers, recall_types
from scheduling.appointment_status import AppointmentStatus

PROCEDURES_BY_IDS = ReadStatement(by_ids(appointment_procedures), ProcedureRow)

PROCEDURES_OF = ReadStatement(
    select(appointment_procedures)
    .where(
        appointment_procedures.c.organization_id == bindparam("organization_id"),
        appointment_procedures.c.appointment_id == any_(uuid_array("ids")),
    )
    .order_by(
        appointment_procedures.c.appointment_id,
        appointment_procedures.c.position,
        appointment_procedures.c.created_at,
        appointment_procedures.c.id,
    ),
    ProcedureRow,
)


async def procedures_of(
    db: RequestDatabase, *, organization_id: uuid.UUID, appointment_ids: Sequence[uuid.UUID]
) -> list[ProcedureRow]:
    """The procedures of the appointments, each appointment's in their order."""
    params = {"organization_id": organization_id, "ids": list(appointment_ids)}
    return await db.fetch_all(PROCEDURES_OF, params)


def _codes(name: str) -> Any:
    return bindparam(name, type_=ARRAY(Text))


_code = func.unnest(appointments.c.procedure_codes).table_valued("code").render_derived()
DONE_PROCEDURES = ReadStatement(
    select(
        appointments.c.patient_id,
        _code.c.code,
        appointments.c.id.label("appointment_id"),
        cast(func.timezone(locations.c.time_zone, appointments.c.start_at), Date).label("done_on"),
    )
    .select_from(appointments)
    .join(locations, locations.c.id == appointments.c.location_id)
    .join(_code, _code.c.code == any_(_codes("codes")))
    .where(
        appointments.c.organization_id == bindparam("organization_id"),
        appointments.c.patient_id == any_(uuid_array("patient_ids")),
        appointments.c.status == AppointmentStatus.COMPLETE,
    ),
    DoneProcedureRow,
)


async def done_procedures(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    patient_ids: Sequence[uuid.UUID],
    codes: Sequence[str],
) -> list[DoneProcedureRow]:
    """Each (patient, code, appointment, local date) of the patients' COMPLETE appointments
    that performed one of the codes."""
    params = {
        "organization_id": organization_id,
        "patient_ids": list(patient_ids),
        "codes": list(codes),
    }
    return await db.fetch_all(DONE_PROCEDURES, params)


CODE_INTERVALS = ReadStatement(
    select(
        recall_triggers.c.procedure_code.label("code"),
        recall_types.c.default_interval_months.label("interval_months"),
    )
    .join(recall_types, recall_types.c.id == recall_triggers.c.recall_type_id)
    .where(
        recall_triggers.c.organization_id == bindparam("organization_id"),
        recall_triggers.c.procedure_code == any_(_codes("codes")),
        recall_types.c.active.is_(True),
    ),
    CodeIntervalRow,
)


async def code_intervals(
    db: RequestDatabase, *, organization_id: uuid.UUID, codes: Sequence[str]
) -> list[CodeIntervalRow]:
    """(code, interval) of every active recall type the codes trigger."""
    params = {"organization_id": organization_id, "codes": list(codes)}
    return await db.fetch_all(CODE_INTERVALS, params)
