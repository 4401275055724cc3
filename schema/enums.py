"""GraphQL enums over the domain's enums."""

from __future__ import annotations

import strawberry

from scheduling.appointment_status import AppointmentStatus as DomainAppointmentStatus

AppointmentStatus = strawberry.enum(
    DomainAppointmentStatus,
    name="AppointmentStatus",
    description="Where an appointment stands in its lifecycle.",
)
