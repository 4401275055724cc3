"""Every root query field and mutation of the schema, the node type an ID argument names, a
selection that reads a field's answer, and a practice whose rows those IDs can name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from graphql import GraphQLField, GraphQLObjectType, get_named_type, is_leaf_type
from sqlalchemy.ext.asyncio import AsyncEngine

from schema.assembled import schema
from tests.support.factories import Practice, global_id, make_appointment, make_practice

GRAPHQL = schema._schema
QUERY = cast(GraphQLObjectType, GRAPHQL.query_type)
MUTATION = cast(GraphQLObjectType, GRAPHQL.mutation_type)


# ID arguments and input fields by name: the node type, and the practice's row if it has one.
ID_TYPES = {
    "appointmentId": "Appointment",
    "appointmentTypeId": "AppointmentType",
    "appointmentTypeAId": "AppointmentType",
    "appointmentTypeBId": "AppointmentType",
    "blockoutId": "Blockout",
    "blockoutTypeId": "BlockoutType",
    "confirmationStatusId": "ConfirmationStatus",
    "flowStatusId": "PatientFlowStatus",
    "homeLocationId": "Location",
    "keepPatientId": "Patient",
    "duplicatePatientId": "Patient",
    "locationId": "Location",
    "noteId": "ScheduleNote",
    "operatoryId": "Operatory",
    "overrideId": "ProviderScheduleOverride",
    "patientId": "Patient",
    "patientRecallId": "PatientRecall",
    "procedureId": "AppointmentProcedure",
    "productionGoalId": "ProductionGoal",
    "providerId": "Provider",
    "providerIds": "Provider",
    "reasonId": "AppointmentReason",
    "recallTypeId": "RecallType",
    "recallTriggerId": "RecallTrigger",
    "ruleId": "AppointmentTypeOverlapRule",
    "savedSearchId": "SavedSearch",
    "scheduleViewId": "ScheduleView",
    "templateId": "ProviderScheduleTemplate",
    "templateItemId": "BlockoutTemplateItem",
    "waitlistEntryId": "WaitlistEntry",
    "waitlistEntryIds": "WaitlistEntry",
    "id": "Location",
    "ids": "Appointment",
}


def root_fields() -> list[tuple[str, str]]:
    """(operation, field name) of every root query field and mutation."""
    return [("query", name) for name in QUERY.fields] + [
        ("mutation", name) for name in MUTATION.fields
    ]


def selection(field: GraphQLField) -> str:
    named = get_named_type(field.type)
    if is_leaf_type(named):
        return ""
    if isinstance(named, GraphQLObjectType) and "userErrors" in named.fields:
        return " { __typename userErrors { code message } }"
    return " { __typename }"


async def practice_rows(engine: AsyncEngine) -> tuple[Practice, dict[str, str]]:
    practice = await make_practice(engine)
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    visit = await make_appointment(
        engine, practice, start_at=start, end_at=start + timedelta(hours=1)
    )
    rows = {
        "Appointment": global_id("Appointment", visit.id),
        "AppointmentType": global_id("AppointmentType", practice.appointment_type.id),
        "ConfirmationStatus": global_id("ConfirmationStatus", practice.confirmation_status.id),
        "Location": global_id("Location", practice.location.id),
        "Operatory": global_id("Operatory", practice.operatory.id),
        "Patient": global_id("Patient", practice.patient.id),
        "Provider": global_id("Provider", practice.provider.id),
    }
    return practice, rows
