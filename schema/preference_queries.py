"""patientSchedulingPreferences: the organization's saved preferences across patients (staff
and integrations), a connection by patient."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from db.queries.preference_lists import PreferenceFilter
from resolvers.access import PREFERENCE_READERS
from resolvers.ids import decode_ids
from resolvers.user_settings.preferences import preference_count, preference_page
from schema.info import Info
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.patient_preferences import PatientSchedulingPreferences


@strawberry.type(description="A page of patients' saved scheduling preferences, by patient.")
class PatientSchedulingPreferencesConnection(CountedConnection[PatientSchedulingPreferences]):
    pass


@strawberry.input(description="Which patients' preferences to list (omitted: no condition).")
class PatientSchedulingPreferencesFilter:
    patient_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="Only these patients'."
    )
    preferred_provider_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="Only those preferring at least one of these providers."
    )
    learned_from_history: bool | None = strawberry.field(
        default=None, description="Only those learned from history (true) or told (false)."
    )


def _spec(spec: PatientSchedulingPreferencesFilter | None) -> PreferenceFilter:
    if spec is None:
        return PreferenceFilter()
    return PreferenceFilter(
        patient_ids=decode_ids(spec.patient_ids, "Patient", field="patientIds"),
        provider_ids=decode_ids(
            spec.preferred_provider_ids, "Provider", field="preferredProviderIds"
        ),
        learned_from_history=spec.learned_from_history,
    )


async def resolve_patient_scheduling_preferences(
    info: Info,
    first: FirstArg = 50,
    after: AfterArg = None,
    filter: Annotated[
        PatientSchedulingPreferencesFilter | None,
        strawberry.argument(description="Which patients' preferences."),
    ] = None,
) -> PatientSchedulingPreferencesConnection:
    """A page of saved preferences."""
    ctx = info.context
    spec = _spec(filter)
    page = await preference_page(ctx, spec, first=first, after=after)
    return PatientSchedulingPreferencesConnection.from_page(
        page,
        PatientSchedulingPreferences.of_row,
        count=lambda: preference_count(ctx, spec),
    )


patient_scheduling_preferences_field = strawberry.field(
    metadata=PREFERENCE_READERS,
    resolver=resolve_patient_scheduling_preferences,
    description=(
        "Patients' saved scheduling preferences across the organization, by patient; patients "
        "with none saved are not listed (staff and integrations)."
    ),
)
