"""GraphQL enums over the domain's enums (registered on the domain classes themselves)."""

from __future__ import annotations

import strawberry

from scheduling.appointment_status import AppointmentStatus

strawberry.enum(
    AppointmentStatus,
    name="AppointmentStatus",
    description="Where an appointment stands in its lifecycle.",
)

__all__ = ["AppointmentStatus"]
