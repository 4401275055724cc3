"""The enums of waitlist entries (their history reads stored values through them too)."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="Where a waitlist entry stands (past its date range reads EXPIRED).")
class WaitlistStatus(enum.Enum):
    WAITING = "waiting"
    CONTACTED = "contacted"
    OFFERED = "offered"
    SCHEDULED = "scheduled"
    REMOVED = "removed"
    EXPIRED = "expired"


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


@strawberry.enum(description="The patient's answer to an offer.")
class WaitlistResponse(enum.Enum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    NO_ANSWER = "no_answer"
    SLOT_TAKEN = "slot_taken"
