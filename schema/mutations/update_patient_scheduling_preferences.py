"""updatePatientSchedulingPreferences: set when and with whom a patient prefers to be seen
(staff and integrations for any patient; a patient for themselves)."""

from __future__ import annotations

from datetime import time
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import PREFERENCE_EDITORS
from resolvers.context import RequestContext
from resolvers.ids import decode_id, decode_ids
from resolvers.user_settings.preferences import Preferences, set_preferences
from schema.info import Info
from schema.mutations.settings_common import IDEMPOTENCY, USER_ERRORS, SettingsUserError, saved
from schema.types.day_of_week import DayOfWeek, distinct, to_iso
from schema.types.patient_preferences import ContactMethod
from schema.types.practice import Patient


@strawberry.input(description="A local time-of-day window, from `start` up to `end`.")
class TimeWindowInput:
    start: time = strawberry.field(description="Start, local wall-clock time (minutes kept).")
    end: time = strawberry.field(description="End (exclusive), after the start.")


@strawberry.input(description="A patient's scheduling preferences, replacing the saved ones.")
class UpdatePatientSchedulingPreferencesInput:
    patient_id: GlobalID = strawberry.field(description="The patient.")
    base_version: int | None = strawberry.field(
        default=None,
        description=(
            "The preferences' version the client last saw; null or omitted while none are "
            "saved. A stale one is VERSION_CONFLICT."
        ),
    )
    days_of_week: list[DayOfWeek] = strawberry.field(
        default_factory=list, description="Preferred days of the week, each once."
    )
    time_windows: list[TimeWindowInput] = strawberry.field(
        default_factory=list, description="Preferred local times of day (at most 12)."
    )
    preferred_provider_ids: list[GlobalID] = strawberry.field(
        default_factory=list, description="Preferred providers (at most 50)."
    )
    preferred_location_ids: list[GlobalID] = strawberry.field(
        default_factory=list, description="Preferred locations (at most 50)."
    )
    preferred_operatory_ids: list[GlobalID] = strawberry.field(
        default_factory=list, description="Preferred operatories (at most 50)."
    )
    contact_method: ContactMethod | None = strawberry.field(
        default=None, description="How to reach the patient; null: no preference."
    )
    notes: str = strawberry.field(default="", description="Free-text notes (at most 2000).")
    learned_from_history: bool = strawberry.field(
        default=False,
        description="true when inferred from past appointments (e.g. by an integration).",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of updatePatientSchedulingPreferences.")
class UpdatePatientSchedulingPreferencesPayload:
    patient: Patient | None = strawberry.field(
        description="The patient, with the saved schedulingPreferences."
    )
    user_errors: list[SettingsUserError] = strawberry.field(description=USER_ERRORS)


async def _patients(ctx: RequestContext, ids: list[UUID]) -> list[object]:
    return list(await ctx.loaders.patients.load_many(ids))


async def resolve_update_patient_scheduling_preferences(
    info: Info,
    input: Annotated[
        UpdatePatientSchedulingPreferencesInput,
        strawberry.argument(description="The preferences."),
    ],
) -> UpdatePatientSchedulingPreferencesPayload:
    """Save a patient's preferences or explain why not."""

    async def call() -> UUID:
        prefs = Preferences(
            patient_id=decode_id(input.patient_id, "Patient", field="patientId"),
            base_version=input.base_version,
            days_of_week=list(to_iso(distinct(input.days_of_week, field="daysOfWeek"))),
            windows=[(window.start, window.end) for window in input.time_windows],
            provider_ids=decode_ids(
                input.preferred_provider_ids, "Provider", field="preferredProviderIds"
            ),
            location_ids=decode_ids(
                input.preferred_location_ids, "Location", field="preferredLocationIds"
            ),
            operatory_ids=decode_ids(
                input.preferred_operatory_ids, "Operatory", field="preferredOperatoryIds"
            ),
            contact_method=input.contact_method.value if input.contact_method else None,
            notes=input.notes,
            learned_from_history=input.learned_from_history,
        )
        return await set_preferences(info.context, prefs, idempotency_key=input.idempotency_key)

    node, errors = await saved(info, call, _patients, Patient.from_row)
    return UpdatePatientSchedulingPreferencesPayload(patient=node, user_errors=errors)


update_patient_scheduling_preferences_field = strawberry.mutation(
    metadata=PREFERENCE_EDITORS,
    resolver=resolve_update_patient_scheduling_preferences,
    description=(
        "Set a patient's preferred days, times, providers, locations and operatories, contact "
        "method and notes (days, times, providers and locations order slot search); "
        "baseVersion must be current. Staff and integrations for any patient, a patient for "
        "themselves."
    ),
)
