"""A patient's scheduling preferences as the graph shows them: through Patient, and listed
across patients for staff (their connection: schema/preference_queries.py)."""

from __future__ import annotations

import enum
from datetime import datetime, time
from typing import Any
from uuid import UUID

import strawberry

from db.rows.user_settings import PreferenceRow
from schema.info import Info
from schema.types.day_of_week import DayOfWeek, from_iso
from schema.types.practice import Location, Operatory, Patient, Provider


@strawberry.enum(description="How a patient prefers to be contacted about appointments.")
class ContactMethod(enum.Enum):
    PHONE = "PHONE"
    SMS = "SMS"
    EMAIL = "EMAIL"
    MAIL = "MAIL"


@strawberry.type(description="A local time-of-day window, from `start` up to `end`.")
class TimeWindow:
    start: time = strawberry.field(description="Start, local wall-clock time.")
    end: time = strawberry.field(description="End (exclusive), local wall-clock time.")


def clock(minutes: int) -> time:
    """The wall-clock time `minutes` after midnight."""
    return time(minutes // 60, minutes % 60)


async def load_existing(loader: Any, ids: list[UUID]) -> list[Any]:
    """The rows of the ids that still exist, in the saved order."""
    return [row for row in await loader.load_many(ids) if row is not None]


@strawberry.type(description="When, where, with whom and how a patient prefers to be seen.")
class PatientSchedulingPreferences:
    days_of_week: list[DayOfWeek] = strawberry.field(description="Preferred days, Monday first.")
    time_windows: list[TimeWindow] = strawberry.field(
        description="Preferred local times of day, earliest first."
    )
    contact_method: ContactMethod | None = strawberry.field(
        description="How to reach the patient about appointments; null: no preference."
    )
    notes: str = strawberry.field(description="Free-text notes; empty when there are none.")
    learned_from_history: bool = strawberry.field(
        description="Whether they were inferred from past appointments rather than told."
    )
    version: int | None = strawberry.field(
        description="Optimistic-concurrency version (baseVersion); null while none are saved."
    )
    updated_at: datetime | None = strawberry.field(description="When they last changed.")
    patient_id: strawberry.Private[UUID]
    provider_ids: strawberry.Private[list[UUID]]
    location_ids: strawberry.Private[list[UUID]]
    operatory_ids: strawberry.Private[list[UUID]]

    @classmethod
    def from_row(cls, row: PreferenceRow | None, patient_id: UUID) -> PatientSchedulingPreferences:
        """Build from a row; the empty preferences (version null) without one."""
        if row is None:
            return cls(
                days_of_week=[],
                time_windows=[],
                contact_method=None,
                notes="",
                learned_from_history=False,
                version=None,
                updated_at=None,
                patient_id=patient_id,
                provider_ids=[],
                location_ids=[],
                operatory_ids=[],
            )
        method = row.contact_method
        return cls(
            days_of_week=from_iso(row.days_of_week),
            time_windows=[
                TimeWindow(start=clock(start), end=clock(end))
                for start, end in zip(row.window_starts, row.window_ends, strict=True)
            ],
            contact_method=ContactMethod(method) if method is not None else None,
            notes=row.notes,
            learned_from_history=row.learned_from_history,
            version=row.version,
            updated_at=row.updated_at,
            patient_id=row.patient_id,
            provider_ids=list(row.provider_ids),
            location_ids=list(row.location_ids),
            operatory_ids=list(row.operatory_ids),
        )

    @classmethod
    def of_row(cls, row: PreferenceRow) -> PatientSchedulingPreferences:
        """Build from a saved row (a list's item)."""
        return cls.from_row(row, row.patient_id)

    @strawberry.field(description="The patient whose preferences these are.")
    async def patient(self, info: Info) -> Patient | None:
        row = await info.context.loaders.patients.load(self.patient_id)
        return Patient.from_row(row) if row is not None else None

    @strawberry.field(description="Preferred providers, in the order saved.")
    async def preferred_providers(self, info: Info) -> list[Provider]:
        found = await load_existing(info.context.loaders.providers, self.provider_ids)
        return [Provider.from_row(row) for row in found]

    @strawberry.field(description="Preferred locations, in the order saved.")
    async def preferred_locations(self, info: Info) -> list[Location]:
        found = await load_existing(info.context.loaders.locations, self.location_ids)
        return [Location.from_row(row) for row in found]

    @strawberry.field(description="Preferred operatories (rooms), in the order saved.")
    async def preferred_operatories(self, info: Info) -> list[Operatory]:
        found = await load_existing(info.context.loaders.operatories, self.operatory_ids)
        return [Operatory.from_row(row) for row in found]
