"""GraphQL documents and helpers shared by the practice setup tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from db.models import (
    AppointmentType,
    AppointmentTypeLocation,
    AppointmentTypeProvider,
    Location,
    Operatory,
    Patient,
    Provider,
    ProviderLocation,
    SetupChange,
)

ERRORS = "userErrors { field code message }"
TYPE_FIELDS = """
  name abbreviation description color durationMinutes maxAttendees bookableOnline
  bookingLeadTimeHours bookingWindowDays cancellationPolicyHours archived procedureCodes
  category modality telehealth depositAmount version offeredBy { id } offeredAt { id }
"""
CREATE_TYPE = f"""
mutation ($input: CreateAppointmentTypeInput!) {{
  createAppointmentType(input: $input) {{ appointmentType {{ id {TYPE_FIELDS} }} {ERRORS} }}
}}
"""
UPDATE_TYPE = f"""
mutation ($input: UpdateAppointmentTypeInput!) {{
  updateAppointmentType(input: $input) {{ appointmentType {{ id {TYPE_FIELDS} }} {ERRORS} }}
}}
"""
OPERATORY_FIELDS = "name abbreviation sortOrder active version location { id }"
CREATE_OPERATORY = f"""
mutation ($input: CreateOperatoryInput!) {{
  createOperatory(input: $input) {{ operatory {{ id {OPERATORY_FIELDS} }} {ERRORS} }}
}}
"""
UPDATE_OPERATORY = f"""
mutation ($input: UpdateOperatoryInput!) {{
  updateOperatory(input: $input) {{ operatory {{ id {OPERATORY_FIELDS} }} {ERRORS} }}
}}
"""
PROVIDER_FIELDS = "firstName lastName abbreviation color kind active version locations { id }"
CREATE_PROVIDER = f"""
mutation ($input: CreateProviderInput!) {{
  createProvider(input: $input) {{ provider {{ id {PROVIDER_FIELDS} }} {ERRORS} }}
}}
"""
UPDATE_PROVIDER = f"""
mutation ($input: UpdateProviderInput!) {{
  updateProvider(input: $input) {{ provider {{ id {PROVIDER_FIELDS} }} {ERRORS} }}
}}
"""
PATIENT_FIELDS = "firstName lastName chartNumber dateOfBirth phone email version"
REGISTER_PATIENT = f"""
mutation ($input: RegisterPatientInput!) {{
  registerPatient(input: $input) {{ patient {{ id {PATIENT_FIELDS} }} {ERRORS} }}
}}
"""
UPDATE_PATIENT = f"""
mutation ($input: UpdatePatientInput!) {{
  updatePatient(input: $input) {{ patient {{ id {PATIENT_FIELDS} }} {ERRORS} }}
}}
"""
UPDATE_LOCATION = f"""
mutation ($input: UpdateLocationInput!) {{
  updateLocation(input: $input) {{
    location {{ id name timeZone city country version }} {ERRORS}
  }}
}}
"""
TABLES = (
    Location,
    Operatory,
    Provider,
    Patient,
    AppointmentType,
    ProviderLocation,
    AppointmentTypeProvider,
    AppointmentTypeLocation,
    SetupChange,
)


async def setup_state(engine) -> tuple[Any, ...]:
    """Every setup row: what a refused mutation must leave as it was."""
    state = []
    async with engine.connect() as connection:
        for model in TABLES:
            table = model.__table__
            rows = (await connection.execute(select(table).order_by(*table.primary_key))).all()
            state.append(tuple(rows))
    return tuple(state)


async def audit_trail(engine, subject_id) -> list[tuple[str, str, dict[str, Any]]]:
    """(action, actor, changes) of a row's setup changes, oldest first."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT action, actor, changes FROM setup_changes WHERE subject_id = :id "
                "ORDER BY changed_at, action"
            ),
            {"id": subject_id},
        )
        return [(row.action, row.actor, row.changes) for row in rows]
