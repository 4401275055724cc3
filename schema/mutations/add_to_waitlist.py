"""addToWaitlist: put a patient on the waitlist."""

from __future__ import annotations

import uuid
from datetime import date, time
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import WAITLIST_USERS
from resolvers.ids import decode_id
from resolvers.input_limits import MAX_NOTE
from resolvers.waitlist.common import EntryFields
from resolvers.waitlist.entries import NewEntry, add_entry
from schema.info import Info
from schema.mutations.waitlist_common import (
    IDEMPOTENCY_DESCRIPTION,
    WaitlistUserError,
    run_entry_mutation,
)
from schema.types.day_of_week import DayOfWeek, distinct, to_iso
from schema.types.waitlist import (
    WaitlistEntry,
    WaitlistLocationScope,
    WaitlistSource,
    WaitlistUrgency,
)


@strawberry.input(description="A new waitlist entry.")
class AddToWaitlistInput:
    patient_id: GlobalID = strawberry.field(description="The waiting patient.")
    home_location_id: GlobalID = strawberry.field(description="The patient's home location.")
    location_scope: WaitlistLocationScope = strawberry.field(
        default=WaitlistLocationScope.HOME_ONLY, description="Where slots may be offered."
    )
    additional_location_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="Other acceptable locations (SELECTED scope)."
    )
    provider_id: GlobalID | None = strawberry.field(default=None, description="Preferred provider.")
    appointment_type_id: GlobalID | None = strawberry.field(
        default=None, description="The kind of visit wanted."
    )
    estimated_duration_minutes: int | None = strawberry.field(
        default=None, description="Expected length, 5 to 480 minutes."
    )
    date_from: date | None = strawberry.field(default=None, description="Earliest date.")
    date_to: date | None = strawberry.field(default=None, description="Latest date.")
    preferred_days: list[DayOfWeek] | None = strawberry.field(
        default=None, description="Preferred days of the week, each once; null or empty: any day."
    )
    preferred_start_time: time | None = strawberry.field(
        default=None, description="Earliest preferred local time."
    )
    preferred_end_time: time | None = strawberry.field(
        default=None, description="Latest preferred local time."
    )
    urgency: WaitlistUrgency = strawberry.field(
        default=WaitlistUrgency.ROUTINE, description="How soon the patient must be seen."
    )
    priority: int = strawberry.field(default=0, description="Practice priority, -100 to 100.")
    source: WaitlistSource = strawberry.field(
        default=WaitlistSource.MANUAL, description="Where the entry comes from."
    )
    treatment_value: Decimal | None = strawberry.field(
        default=None, description="Value of the treatment."
    )
    note: str | None = strawberry.field(
        default=None, description=f"Note, at most {MAX_NOTE} chars."
    )
    linked_appointment_id: GlobalID | None = strawberry.field(
        default=None, description="The appointment the entry relates to."
    )
    patient_recall_id: GlobalID | None = strawberry.field(
        default=None,
        description=(
            "Make the entry from this recall of the patient: the source becomes RECALL and "
            "accepting an offer books the recall. VALIDATION if it is another patient's, "
            "disabled or completed."
        ),
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of addToWaitlist.")
class AddToWaitlistPayload:
    waitlist_entry: WaitlistEntry | None = strawberry.field(description="The new entry.")
    user_errors: list[WaitlistUserError] = strawberry.field(
        description="Why nothing was added (DUPLICATE: an active entry exists)."
    )


def _optional(value: GlobalID | None, type_name: str, field: str) -> uuid.UUID | None:
    return decode_id(value, type_name, field=field) if value is not None else None


async def resolve_add_to_waitlist(
    info: Info,
    input: Annotated[AddToWaitlistInput, strawberry.argument(description="The new entry.")],
) -> AddToWaitlistPayload:
    """Add an entry or explain why not; staff and integrations only."""

    async def call() -> uuid.UUID:
        fields = EntryFields(
            provider_id=_optional(input.provider_id, "Provider", "providerId"),
            appointment_type_id=_optional(
                input.appointment_type_id, "AppointmentType", "appointmentTypeId"
            ),
            location_scope=input.location_scope.value,
            additional_location_ids=tuple(
                decode_id(i, "Location", field="additionalLocationIds")
                for i in input.additional_location_ids or ()
            ),
            estimated_duration_minutes=input.estimated_duration_minutes,
            date_from=input.date_from,
            date_to=input.date_to,
            preferred_days=to_iso(distinct(input.preferred_days or (), field="preferredDays")),
            preferred_start_time=input.preferred_start_time,
            preferred_end_time=input.preferred_end_time,
            urgency=input.urgency.value,
            priority=input.priority,
            treatment_value=input.treatment_value,
            note=input.note,
        )
        new = NewEntry(
            patient_id=decode_id(input.patient_id, "Patient", field="patientId"),
            home_location_id=decode_id(input.home_location_id, "Location", field="homeLocationId"),
            fields=fields,
            source=input.source.value,
            linked_appointment_id=_optional(
                input.linked_appointment_id, "Appointment", "linkedAppointmentId"
            ),
            recall_id=_optional(input.patient_recall_id, "PatientRecall", "patientRecallId"),
        )
        return await add_entry(info.context, new, idempotency_key=input.idempotency_key)

    entry, errors = await run_entry_mutation(info, call)
    return AddToWaitlistPayload(waitlist_entry=entry, user_errors=errors)


add_to_waitlist_field = strawberry.mutation(
    metadata=WAITLIST_USERS,
    resolver=resolve_add_to_waitlist,
    description=(
        "Put a patient on the waitlist; DUPLICATE if they already have "
        "an active entry for the location and appointment type."
    ),
)
