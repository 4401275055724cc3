"""The statuses an appointment can be in, and which of them occupy the calendar."""

from __future__ import annotations

import enum


class AppointmentStatus(enum.StrEnum):
    """Where an appointment stands in its lifecycle."""

    PLANNED = "planned"
    SCHEDULED = "scheduled"
    COMPLETE = "complete"
    BROKEN = "broken"
    CANCELLED = "cancelled"
    UNSCHEDULED = "unscheduled"
    PINBOARD = "pinboard"


# Appointments that are shown on the calendar grid (and, later, block their slot).
ON_CALENDAR: frozenset[AppointmentStatus] = frozenset(
    {
        AppointmentStatus.PLANNED,
        AppointmentStatus.SCHEDULED,
        AppointmentStatus.COMPLETE,
        AppointmentStatus.BROKEN,
    }
)
