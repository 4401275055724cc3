"""The enums of waitlist entries (their history reads stored values through them too)."""

from __future__ import annotations

import enum

import strawberry

from scheduling.waitlist import WaitlistResponse, WaitlistStatus

# The rules' own enums are the schema's (as schema/enums.py does for AppointmentStatus).
strawberry.enum(
    WaitlistStatus,
    name="WaitlistStatus",
    description="Where a waitlist entry stands (past its date range reads EXPIRED).",
)
strawberry.enum(
    WaitlistResponse, name="WaitlistResponse", description="The patient's answer to an offer."
)


@strawberry.enum(description="How soon the patient needs to be seen.")
class WaitlistUrgency(enum.Enum):
    URGENT = "urgent"
    SOON = "soon"
    ROUTINE = "routine"
    FLEXIBLE = "flexible"


@strawberry.enum(description="Where a waitlist entry came from.")
class WaitlistSource(enum.Enum):
    MANUAL = "manual"
    APPOINTMENT_FLAG = "appointment_flag"
    RECALL = "recall"
    TREATMENT_PLAN = "treatment_plan"
    ONLINE = "online"


@strawberry.enum(description="Which locations an entry may be offered slots at.")
class WaitlistLocationScope(enum.Enum):
    HOME_ONLY = "home_only"
    SELECTED = "selected"
    ANY = "any"


__all__ = [
    "WaitlistLocationScope",
    "WaitlistResponse",
    "WaitlistSource",
    "WaitlistStatus",
    "WaitlistUrgency",
]
