"""Who and what the demo practice has: providers, appointment types, confirmation statuses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from db.demo.ids import LONDON_LOCATION_ID, MAIN_LOCATION_ID, demo_id

Row = dict[str, Any]

# One seed for everything: the same rows, ids and times on every machine and every run.
SEED = 20261122

PATIENTS = 5000
# Patients from this number on live near London and are booked there; the rest at main.
LONDON_PATIENTS_FROM = 4601

MAIN_OPERATORIES = 12
LONDON_OPERATORIES = 4


@dataclass(frozen=True, slots=True)
class ProviderSpec:
    """A demo provider: row number, names, role, location and preferred operatories."""

    n: int
    first_name: str
    last_name: str
    abbreviation: str
    color: str
    role: str  # "dentist", "hygienist" or "assistant"
    location_id: Any
    # Indexes into the location's operatories, tried first; assistants float.
    home_operatories: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """A demo appointment type with its booking rules, fee, and who books it how often."""

    n: int
    name: str
    abbreviation: str
    color: str
    duration_minutes: int
    fee: Decimal
    booked_by: tuple[tuple[str, int], ...]  # (role, relative weight among that role's types)
    description: str
    bookable_online: bool = False
    booking_lead_time_hours: int = 0
    cancellation_policy_hours: int = 24
    max_attendees: int = 1
    archived: bool = False
    # Chance an appointment asks for an assistant chairside (granted only if one is free).
    assist_chance: float = 0.0
    # CDT codes a visit of the type performs (its bookings carry them; recalls.TRIGGERS fire).
    procedure_codes: tuple[str, ...] = ()


_M, _L = MAIN_LOCATION_ID, LONDON_LOCATION_ID
PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(1, "Maya", "Okafor", "Dr. Okafor", "#1f77b4", "dentist", _M, (0, 1)),
    ProviderSpec(2, "Daniel", "Reyes", "Dr. Reyes", "#d62728", "dentist", _M, (2, 3)),
    ProviderSpec(3, "Anika", "Shah", "Dr. Shah", "#2ca02c", "dentist", _M, (4, 5)),
    ProviderSpec(4, "Samuel", "Lind", "Dr. Lind", "#9467bd", "dentist", _M, (6, 7)),
    ProviderSpec(5, "Grace", "Chen", "RDH Chen", "#17becf", "hygienist", _M, (8,)),
    ProviderSpec(6, "Marta", "Novak", "RDH Novak", "#bcbd22", "hygienist", _M, (9,)),
    ProviderSpec(7, "Owen", "Brooks", "RDH Brooks", "#e377c2", "hygienist", _M, (10,)),
    ProviderSpec(8, "Leah", "Kim", "RDH Kim", "#ff7f0e", "hygienist", _M, (11,)),
    ProviderSpec(9, "Carlos", "Mendes", "DA Mendes", "#8c564b", "assistant", _M),
    ProviderSpec(10, "Jade", "Foster", "DA Foster", "#7f7f7f", "assistant", _M),
    ProviderSpec(11, "Eleanor", "Hughes", "Dr. Hughes", "#004b87", "dentist", _L, (0, 1)),
    ProviderSpec(12, "Callum", "Reid", "RDH Reid", "#c8102e", "hygienist", _L, (2, 3)),
)

APPOINTMENT_TYPES: tuple[TypeSpec, ...] = (
    TypeSpec(1, "New Patient Exam", "NPE", "#3f51b5", 60, Decimal("185.00"), (("dentist", 10),),
             "Comprehensive exam, full-mouth X-rays and a treatment plan.",
             bookable_online=True, booking_lead_time_hours=24, assist_chance=0.4,
             procedure_codes=("D0150", "D0210")),
    TypeSpec(2, "Periodic Exam", "EXAM", "#2196f3", 30, Decimal("65.00"), (("dentist", 40),),
             "Routine exam by a dentist.", bookable_online=True, booking_lead_time_hours=12,
             assist_chance=0.1, procedure_codes=("D0120",)),
    TypeSpec(3, "Filling", "FILL", "#009688", 45, Decimal("195.00"), (("dentist", 25),),
             "Composite restoration, one or two surfaces.", booking_lead_time_hours=24,
             assist_chance=0.6, procedure_codes=("D2391",)),
    TypeSpec(4, "Crown Prep", "CRN", "#795548", 90, Decimal("1150.00"), (("dentist", 5),),
             "Crown preparation and temporary crown.", booking_lead_time_hours=48,
             cancellation_policy_hours=48, assist_chance=0.95, procedure_codes=("D2740",)),
    TypeSpec(5, "Emergency", "EMRG", "#f44336", 30, Decimal("120.00"), (("dentist", 20),),
             "Same-day pain or trauma visit.", cancellation_policy_hours=0, assist_chance=0.4,
             procedure_codes=("D0140",)),
    TypeSpec(6, "Recall Exam & Clean", "RCL", "#4caf50", 45, Decimal("145.00"),
             (("hygienist", 65),), "Hygiene recall: cleaning, polish and check-up.",
             bookable_online=True, booking_lead_time_hours=24, assist_chance=0.15,
             procedure_codes=("D1110", "D0274")),
    TypeSpec(7, "Sealants & Fluoride", "SEAL", "#cddc39", 30, Decimal("90.00"),
             (("hygienist", 35), ("assistant", 70)), "Preventive sealants and fluoride varnish.",
             booking_lead_time_hours=24, assist_chance=0.1,
             procedure_codes=("D1351", "D1206")),
    # Retired: only the first demo weeks use it, as real history would.
    TypeSpec(8, "Whitening Consult", "WHT", "#e91e63", 30, Decimal("40.00"), (("assistant", 30),),
             "Shade match and tray impressions (no longer offered).", max_attendees=2,
             archived=True),
)  # fmt: skip
TYPES_BY_N = {spec.n: spec for spec in APPOINTMENT_TYPES}
# The archived type was still booked up to and including this day (days after the anchor: the
# Saturday of the second laid-out week).
ARCHIVED_TYPE_LAST_OFFSET = -23

# (name, abbreviation, color, is_confirmed), in display order.
CONFIRMATION_STATUSES: tuple[tuple[str, str, str, bool], ...] = (
    ("Unconfirmed", "UNC", "#9e9e9e", False),
    ("Email sent", "EML", "#2196f3", False),
    ("Texted", "TXT", "#03a9f4", False),
    ("Left message", "LM", "#ff9800", False),
    ("Confirmed", "CONF", "#4caf50", True),
)

# The cancellation and no-show reasons (kind, name), in display order per list.
APPOINTMENT_REASONS: tuple[tuple[str, str], ...] = (
    ("CANCELLATION", "Feeling unwell"),
    ("CANCELLATION", "Schedule conflict"),
    ("CANCELLATION", "Transportation"),
    ("CANCELLATION", "Cost"),
    ("NO_SHOW", "Forgot"),
    ("NO_SHOW", "No answer to reminders"),
    ("NO_SHOW", "Arrived too late"),
)

# Patient flow steps (name, abbreviation, color, is_terminal), in flow order.
FLOW_STATUSES: tuple[tuple[str, str, str, bool], ...] = (
    ("Checked in", "IN", "#2196f3", False),
    ("Seated", "SEAT", "#9c27b0", False),
    ("In chair", "CHR", "#ff9800", False),
    ("Ready for checkout", "RDY", "#8bc34a", False),
    ("Checked out", "OUT", "#607d8b", True),
)
# The local day at main whose first few completed visits have a flow timeline (days after the
# anchor: the Friday of the anchor week), and how many.
FLOW_DAY_OFFSET = 4
FLOW_VISITS = 3


def operatory_ids(location_id: Any) -> list[Any]:
    """A demo location's operatory ids in sort order."""
    if location_id == MAIN_LOCATION_ID:
        return [demo_id("operatory", n) for n in range(1, MAIN_OPERATORIES + 1)]
    first = MAIN_OPERATORIES + 1
    return [demo_id("operatory", n) for n in range(first, first + LONDON_OPERATORIES)]
