"""GraphQL documents and helpers shared by the managed lists' tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.models import Appointment, AppointmentReason, ConfirmationStatus, PatientFlowStatus
from db.models.setup import SetupChange

ERRORS = "userErrors { field code message }"
STATUS_FIELDS = "id name abbreviation color isConfirmed sortOrder active version"
FLOW_FIELDS = "id name abbreviation color sortOrder isTerminal active version"
REASON_FIELDS = "id kind name sortOrder active version"


def mutation(name: str, node: str, fields: str) -> str:
    """The document of one of the lists' mutations, e.g. createConfirmationStatus."""
    field = name[0].lower() + name[1:]
    return (
        f"mutation ($input: {name}Input!) {{ {field}(input: $input) "
        f"{{ {node} {{ {fields} }} {ERRORS} }} }}"
    )


CREATE_STATUS = mutation("CreateConfirmationStatus", "confirmationStatus", STATUS_FIELDS)
UPDATE_STATUS = mutation("UpdateConfirmationStatus", "confirmationStatus", STATUS_FIELDS)
ARCHIVE_STATUS = mutation("ArchiveConfirmationStatus", "confirmationStatus", STATUS_FIELDS)
CREATE_FLOW = mutation("CreatePatientFlowStatus", "flowStatus", FLOW_FIELDS)
UPDATE_FLOW = mutation("UpdatePatientFlowStatus", "flowStatus", FLOW_FIELDS)
ARCHIVE_FLOW = mutation("ArchivePatientFlowStatus", "flowStatus", FLOW_FIELDS)
CREATE_REASON = mutation("CreateAppointmentReason", "reason", REASON_FIELDS)
UPDATE_REASON = mutation("UpdateAppointmentReason", "reason", REASON_FIELDS)
ARCHIVE_REASON = mutation("ArchiveAppointmentReason", "reason", REASON_FIELDS)

TABLES = (ConfirmationStatus, PatientFlowStatus, AppointmentReason, Appointment, SetupChange)


async def catalog_state(engine) -> tuple[Any, ...]:
    """Every row of the lists, the appointments and the setup audit trail: what a refused
    mutation must leave as it was."""
    state = []
    async with engine.connect() as connection:
        for model in TABLES:
            table = model.__table__
            rows = (await connection.execute(select(table).order_by(*table.primary_key))).all()
            state.append(tuple(rows))
    return tuple(state)
