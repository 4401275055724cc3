"""The statuses an appointment can be in, which of them hold their slot, and the moves between."""

from __future__ import annotations

import enum
from datetime import datetime


class AppointmentStatus(enum.StrEnum):
    """Where an appointment stands in its lifecycle."""

    HOLD = "hold"  # a slot reserved until hold_expires_at, waiting for confirmBooking
    PLANNED = "planned"
    SCHEDULED = "scheduled"
    COMPLETE = "complete"
    BROKEN = "broken"  # no-show or late cancellation
    CANCELLED = "cancelled"
    UNSCHEDULED = "unscheduled"  # needs a new time; off the grid
    PINBOARD = "pinboard"  # parked off the grid, keeps its details, waiting to be placed
    EXPIRED = "expired"  # a hold that lapsed without being confirmed


S = AppointmentStatus

# Appointments that occupy their operatory and providers. A hold blocks only while live; the
# database's exclusion constraints use the same set (see migration 0002).
BLOCKING: frozenset[AppointmentStatus] = frozenset({S.HOLD, S.PLANNED, S.SCHEDULED, S.COMPLETE})

# What a calendar shows by default (live holds included, so staff see a slot being booked).
ON_CALENDAR: frozenset[AppointmentStatus] = frozenset(
    {S.HOLD, S.PLANNED, S.SCHEDULED, S.COMPLETE, S.BROKEN}
)

# The state machine of transitionAppointment and of every mutation that changes a status.
# from-status -> the statuses it may move to.
TRANSITIONS: dict[AppointmentStatus, frozenset[AppointmentStatus]] = {
    S.HOLD: frozenset({S.SCHEDULED, S.CANCELLED, S.EXPIRED}),
    S.PLANNED: frozenset({S.SCHEDULED, S.CANCELLED, S.PINBOARD, S.UNSCHEDULED}),
    S.SCHEDULED: frozenset(
        {S.PLANNED, S.COMPLETE, S.BROKEN, S.CANCELLED, S.PINBOARD, S.UNSCHEDULED}
    ),
    S.COMPLETE: frozenset({S.SCHEDULED}),  # undo a completion marked by mistake
    S.BROKEN: frozenset({S.SCHEDULED, S.CANCELLED, S.PINBOARD, S.UNSCHEDULED}),
    S.UNSCHEDULED: frozenset({S.SCHEDULED, S.CANCELLED, S.PINBOARD}),
    S.PINBOARD: frozenset({S.SCHEDULED, S.CANCELLED, S.UNSCHEDULED}),
    S.CANCELLED: frozenset(),
    S.EXPIRED: frozenset(),
}

# Statuses from which an appointment may still be moved to a new time or cancelled.
MOVABLE: frozenset[AppointmentStatus] = frozenset({S.PLANNED, S.SCHEDULED, S.BROKEN})
CANCELLABLE: frozenset[AppointmentStatus] = frozenset(
    status for status, targets in TRANSITIONS.items() if S.CANCELLED in targets
)

# What staff may delete outright (deleteAppointment): visits that never happened and hold no
# slot. A scheduled, planned or held one is cancelled first; a completed or broken visit is
# part of the patient's record and stays.
DELETABLE: frozenset[AppointmentStatus] = frozenset(
    {S.CANCELLED, S.EXPIRED, S.UNSCHEDULED, S.PINBOARD}
)


def can_transition(current: AppointmentStatus, target: AppointmentStatus) -> bool:
    """Whether the state machine allows moving from `current` to `target`."""
    return target in TRANSITIONS[current]


def effective_status(
    status: AppointmentStatus, hold_expires_at: datetime | None, now: datetime
) -> AppointmentStatus:
    """The status as of `now`: a hold whose time ran out is EXPIRED even before any write."""
    if status is AppointmentStatus.HOLD and hold_expires_at is not None and hold_expires_at <= now:
        return AppointmentStatus.EXPIRED
    return status
