"""Typed async factories that insert real rows; every argument has a sensible default."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Row, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import (
    Appointment,
    AppointmentProvider,
    AppointmentType,
    ConfirmationStatus,
    Location,
    Operatory,
    Organization,
    Patient,
    Provider,
    ProviderScheduleTemplate,
)
from db.tables import table_of
from resolvers.viewer import Role, Viewer
from scheduling.appointment_status import AppointmentStatus

_sequence = itertools.count(1)


async def _insert(engine: AsyncEngine, model: Any, values: dict[str, Any]) -> Row[Any]:
    table = table_of(model)
    async with engine.begin() as connection:
        result = await connection.execute(insert(table).values(**values).returning(*table.c))
        return result.one()


async def make_organization(engine: AsyncEngine, *, name: str = "Test Dental") -> Row[Any]:
    """An organization."""
    return await _insert(engine, Organization, {"name": name})


async def make_location(
    engine: AsyncEngine,
    org: Row[Any],
    *,
    time_zone: str = "America/Chicago",
    name: str | None = None,
) -> Row[Any]:
    """A location in the zone given."""
    return await _insert(
        engine,
        Location,
        {
            "organization_id": org.id,
            "name": name or f"Site {next(_sequence)}",
            "time_zone": time_zone,
        },
    )


async def make_operatory(
    engine: AsyncEngine, location: Row[Any], *, sort_order: int = 0
) -> Row[Any]:
    """An active operatory at the location."""
    n = next(_sequence)
    return await _insert(
        engine,
        Operatory,
        {
            "organization_id": location.organization_id,
            "location_id": location.id,
            "name": f"Op {n}",
            "abbreviation": f"OP{n}",
            "sort_order": sort_order,
            "active": True,
        },
    )


async def make_provider(
    engine: AsyncEngine,
    org: Row[Any],
    *,
    last_name: str = "Lee",
    works_at: Row[Any] | None = None,
    **values: Any,
) -> Row[Any]:
    """An active provider (`values` may set first_name, abbreviation, kind, active); with
    `works_at`, scheduled there around the clock every day."""
    n = next(_sequence)
    provider = await _insert(
        engine,
        Provider,
        {
            "organization_id": org.id,
            "first_name": "Pat",
            "last_name": last_name,
            "abbreviation": f"P{n}",
            "color": "#3366cc",
            "active": True,
            **values,
        },
    )
    if works_at is not None:
        await make_schedule(engine, provider, works_at)
    return provider


async def make_schedule(
    engine: AsyncEngine,
    provider: Row[Any],
    location: Row[Any],
    *,
    start: time = time(0, 0),
    end: time = time(23, 59),
    weekdays: range = range(7),
) -> None:
    """Weekly templates for the provider at the location (default: all day, every day)."""
    table = table_of(ProviderScheduleTemplate)
    async with engine.begin() as connection:
        await connection.execute(
            insert(table),
            [
                {
                    "organization_id": provider.organization_id,
                    "provider_id": provider.id,
                    "location_id": location.id,
                    "weekday": weekday,
                    "start_time": start,
                    "end_time": end,
                    "effective_from": date(2000, 1, 1),
                }
                for weekday in weekdays
            ],
        )


async def make_patient(
    engine: AsyncEngine, org: Row[Any], *, first_name: str = "Ann", last_name: str = "Smith"
) -> Row[Any]:
    """A patient with a unique chart number."""
    n = next(_sequence)
    return await _insert(
        engine,
        Patient,
        {
            "organization_id": org.id,
            "first_name": first_name,
            "last_name": last_name,
            "chart_number": f"T{n:05d}",
            "phone": f"555-01{n % 100:02d}",
            "email": f"{first_name.lower()}.{n}@example.test",
        },
    )


async def make_appointment_type(
    engine: AsyncEngine,
    org: Row[Any],
    *,
    minutes: int = 60,
    procedure_codes: tuple[str, ...] = (),
) -> Row[Any]:
    """An appointment type of the given length (and procedure codes, none by default)."""
    n = next(_sequence)
    return await _insert(
        engine,
        AppointmentType,
        {
            "organization_id": org.id,
            "name": f"Type {n}",
            "abbreviation": f"T{n}",
            "color": "#22aa55",
            "duration_minutes": minutes,
            "max_attendees": 1,
            "bookable_online": True,
            "booking_lead_time_hours": 0,
            "cancellation_policy_hours": 24,
            "archived": False,
            "procedure_codes": list(procedure_codes),
        },
    )


async def make_confirmation_status(engine: AsyncEngine, org: Row[Any]) -> Row[Any]:
    """A confirmation status."""
    return await _insert(
        engine,
        ConfirmationStatus,
        {
            "organization_id": org.id,
            "name": "Confirmed",
            "abbreviation": "CNF",
            "color": "#00aa00",
            "is_confirmed": True,
            "sort_order": 1,
        },
    )


@dataclass
class Practice:
    """A small practice: one location with an operatory, provider, patient and type."""

    org: Row[Any]
    location: Row[Any]
    operatory: Row[Any]
    provider: Row[Any]
    patient: Row[Any]
    appointment_type: Row[Any]
    confirmation_status: Row[Any]
    staff: Viewer = field(init=False)

    def __post_init__(self) -> None:
        self.staff = Viewer(organization_id=self.org.id, role=Role.STAFF, subject="staff-test")

    def patient_viewer(self, patient: Row[Any] | None = None) -> Viewer:
        """A patient-role caller for the given (default: the practice's) patient."""
        who = patient or self.patient
        return Viewer(
            organization_id=self.org.id,
            role=Role.PATIENT,
            subject=f"patient-{who.id}",
            patient_id=who.id,
        )


async def make_practice(engine: AsyncEngine, *, time_zone: str = "America/Chicago") -> Practice:
    """A fresh organization with one of everything."""
    org = await make_organization(engine)
    location = await make_location(engine, org, time_zone=time_zone)
    return Practice(
        org=org,
        location=location,
        operatory=await make_operatory(engine, location),
        provider=await make_provider(engine, org),
        patient=await make_patient(engine, org),
        appointment_type=await make_appointment_type(engine, org),
        confirmation_status=await make_confirmation_status(engine, org),
    )


async def make_appointment(
    engine: AsyncEngine,
    practice: Practice,
    *,
    start_at: datetime,
    end_at: datetime,
    status: AppointmentStatus = AppointmentStatus.SCHEDULED,
    operatory: Row[Any] | None = None,
    patient: Row[Any] | None = None,
    provider: Row[Any] | None = None,
    allow_overlap: bool = False,
    additional_providers: Sequence[Row[Any]] = (),
    note: str | None = None,
) -> Row[Any]:
    """An appointment in the practice between two aware instants."""
    row = await _insert(
        engine,
        Appointment,
        {
            "organization_id": practice.org.id,
            # The appointment is at its operatory's location (a composite key enforces it).
            "location_id": (operatory or practice.operatory).location_id,
            "operatory_id": (operatory or practice.operatory).id,
            "patient_id": (patient or practice.patient).id,
            "appointment_type_id": practice.appointment_type.id,
            "primary_provider_id": (provider or practice.provider).id,
            "confirmation_status_id": practice.confirmation_status.id,
            "allow_overlap": allow_overlap,
            "start_at": start_at,
            "end_at": end_at,
            "status": status,
            "note": note,
            "priority": 0,
            "production_amount": 0,
            "is_new_patient": False,
            "is_time_locked": False,
            "version": 1,
        },
    )
    for position, provider in enumerate(additional_providers):
        await _insert(
            engine,
            AppointmentProvider,
            {
                "organization_id": practice.org.id,
                "appointment_id": row.id,
                "provider_id": provider.id,
                "position": position,
            },
        )
    return row


def global_id(type_name: str, ident: uuid.UUID | str) -> str:
    """The relay global ID of a row."""
    from strawberry.relay import GlobalID

    return str(GlobalID(type_name=type_name, node_id=str(ident)))
