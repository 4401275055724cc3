"""The deterministic demo practice "Riverside Dental Group": stable ids, rows and the seeder."""

from db.demo.calendar import (
    REFERENCE_ANCHOR,
    DemoCalendar,
    current_anchor,
    parse_anchor,
)
from db.demo.ids import (
    BUSIEST_WEEK_APPOINTMENTS,
    DEMO_APPOINTMENT_ID,
    DEMO_APPOINTMENT_TYPE_ID,
    DEMO_OPERATORY_ID,
    DEMO_ORG_ID,
    DEMO_PATIENT_ID,
    DEMO_PROVIDER_ID,
    LONDON_LOCATION_ID,
    LONDON_TIME_ZONE,
    MAIN_LOCATION_ID,
    MAIN_TIME_ZONE,
    OTHER_LOCATION_ID,
    OTHER_ORG_ID,
    OTHER_TIME_ZONE,
    demo_id,
)
from db.demo.load import DemoSummary, seed_demo_data
from db.demo.practice import DemoPractice, build_demo_practice

__all__ = [
    "BUSIEST_WEEK_APPOINTMENTS",
    "DEMO_APPOINTMENT_ID",
    "DEMO_APPOINTMENT_TYPE_ID",
    "DEMO_OPERATORY_ID",
    "DEMO_ORG_ID",
    "DEMO_PATIENT_ID",
    "DEMO_PROVIDER_ID",
    "LONDON_LOCATION_ID",
    "LONDON_TIME_ZONE",
    "MAIN_LOCATION_ID",
    "MAIN_TIME_ZONE",
    "OTHER_LOCATION_ID",
    "OTHER_ORG_ID",
    "OTHER_TIME_ZONE",
    "REFERENCE_ANCHOR",
    "DemoCalendar",
    "DemoPractice",
    "DemoSummary",
    "build_demo_practice",
    "current_anchor",
    "demo_id",
    "parse_anchor",
    "seed_demo_data",
]
