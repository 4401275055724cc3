"""GraphQL enums over the domain's enums (registered on the domain classes themselves)."""

from __future__ import annotations

import strawberry

from scheduling.appointment_record import AppointmentSource, ProviderRole
from scheduling.appointment_status import AppointmentStatus
from scheduling.practice_kinds import CodeMatch, Modality, ProviderKind, ReasonKind
from scheduling.time_pattern import TimeUnitKind

strawberry.enum(
    AppointmentStatus,
    name="AppointmentStatus",
    description="Where an appointment stands in its lifecycle.",
)
strawberry.enum(ProviderKind, name="ProviderKind", description="What a provider does.")
strawberry.enum(
    Modality, name="AppointmentModality", description="How a visit happens: in person or remote."
)

strawberry.enum(
    ReasonKind, name="AppointmentReasonKind", description="Which list of reasons an entry is of."
)

strawberry.enum(
    AppointmentSource,
    name="AppointmentSource",
    description="How an appointment was created (set by the server, never by the client).",
)

strawberry.enum(
    ProviderRole,
    name="AppointmentProviderRole",
    description="What a provider does on an appointment: the primary provider is PRIMARY.",
)

strawberry.enum(
    CodeMatch,
    name="ProcedureCodeMatch",
    description="How required procedure codes are met: ALL of them or ANY one.",
)

strawberry.enum(
    TimeUnitKind,
    name="TimeUnitKind",
    description="What a stretch of a visit needs: provider time, assistant time, or open time "
    "(the chair only).",
)

__all__ = [
    "AppointmentSource",
    "AppointmentStatus",
    "CodeMatch",
    "Modality",
    "ProviderKind",
    "ProviderRole",
    "ReasonKind",
    "TimeUnitKind",
]
