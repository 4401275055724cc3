"""Stable identifiers and dates of the demo practice, shared by the seed, examples and tests."""

from __future__ import annotations

import uuid

# Fixed forever: changing it would change every demo id that examples and docs refer to.
DEMO_NAMESPACE = uuid.UUID("6f1d8a52-3c1e-5b7a-9d0e-2a4b6c8e0f13")


def demo_id(kind: str, n: int | str) -> uuid.UUID:
    """The stable UUID of the `n`th demo row of a kind (e.g. demo_id("patient", 1))."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{n}")


# Organizations: the demo practice, and a tiny second tenant that must never leak into it.
DEMO_ORG_ID = demo_id("organization", "riverside")
OTHER_ORG_ID = demo_id("organization", "other")
DEMO_ORG_NAME = "Riverside Dental Group"
OTHER_ORG_NAME = "Other Practice"

# Locations.
MAIN_LOCATION_ID = demo_id("location", "main")  # America/Chicago
LONDON_LOCATION_ID = demo_id("location", "london")  # Europe/London
OTHER_LOCATION_ID = demo_id("other-location", 1)  # America/New_York, in OTHER_ORG_ID

MAIN_TIME_ZONE = "America/Chicago"
LONDON_TIME_ZONE = "Europe/London"
OTHER_TIME_ZONE = "America/New_York"
ZONES = {MAIN_LOCATION_ID: MAIN_TIME_ZONE, LONDON_LOCATION_ID: LONDON_TIME_ZONE}

# The column every row of the demo practice starts with.
OWNED = {"organization_id": DEMO_ORG_ID}

# Named rows for example operations: Op 1 at main, the first dentist, the first patient, the
# "Periodic Exam" type, and one future scheduled appointment of that patient with that dentist.
DEMO_OPERATORY_ID = demo_id("operatory", 1)
DEMO_PROVIDER_ID = demo_id("provider", 1)
DEMO_PATIENT_ID = demo_id("patient", 1)
DEMO_APPOINTMENT_TYPE_ID = demo_id("appointment-type", 2)
DEMO_APPOINTMENT_ID = demo_id("appointment", "demo")
OTHER_PATIENT_ID = demo_id("other-patient", 1)  # Ada Quinn, of OTHER_ORG_ID

# The cancel-then-fill walkthrough (graphql/operations): CancelAppointment frees this hygiene
# visit (the Tuesday after the anchor week, 07:00-07:45 Chicago, Op 10, RDH Novak, "Recall Exam
# & Clean") and this waitlist entry is the top quick-fill match for the slot.
WALKTHROUGH_APPOINTMENT_ID = demo_id("appointment", 4737)
WALKTHROUGH_ENTRY_ID = demo_id("waitlist-entry", 1)

# On-calendar appointments (planned, scheduled, complete, broken) at main whose local start
# falls in the busiest week (the anchor week, db/demo/calendar.py); the other weeks before the
# open week have 615-670 at main and 85-115 in London, the weeks after it fewer.
BUSIEST_WEEK_APPOINTMENTS = 705
