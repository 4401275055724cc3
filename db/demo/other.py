"""The tiny second tenant, "Other Practice": just enough rows to show that tenants stay apart."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from db.demo.calendar import DemoCalendar
from db.demo.catalog import Row
from db.demo.ids import (
    OTHER_LOCATION_ID,
    OTHER_ORG_ID,
    OTHER_ORG_NAME,
    OTHER_TIME_ZONE,
    demo_id,
)
from scheduling.appointment_status import AppointmentStatus
from scheduling.local_time import resolve_local_time, zone_named

OPERATORY_ID = demo_id("other-operatory", 1)
PROVIDER_ID = demo_id("other-provider", 1)
APPOINTMENT_TYPE_ID = demo_id("other-appointment-type", 1)
CONFIRMATION_STATUS_ID = demo_id("other-confirmation-status", 1)


def other_tenant_rows(calendar: DemoCalendar) -> dict[str, list[Row]]:
    """The other organization's rows per table name."""
    owned = {"organization_id": OTHER_ORG_ID}
    return {
        "organizations": [{"id": OTHER_ORG_ID, "name": OTHER_ORG_NAME}],
        "locations": [
            {**owned, "id": OTHER_LOCATION_ID, "name": "Other Practice Downtown",
             "time_zone": OTHER_TIME_ZONE, "address_line1": "88 Hudson Street",
             "city": "New York", "region": "NY", "postal_code": "10013", "country": "US"},
        ],
        "operatories": [
            {**owned, "id": OPERATORY_ID, "location_id": OTHER_LOCATION_ID, "name": "Chair A",
             "abbreviation": "CHA", "sort_order": 1, "active": True},
        ],
        "providers": [
            {**owned, "id": PROVIDER_ID, "first_name": "Robin", "last_name": "Hale",
             "abbreviation": "Dr. Hale", "color": "#607d8b", "active": True},
        ],
        # Chart numbers C00001..C00003 repeat the demo org's on purpose: unique per tenant only.
        "patients": [
            {**owned, "id": demo_id("other-patient", n), "first_name": first,
             "last_name": last, "date_of_birth": born, "phone": None, "email": None,
             "chart_number": f"C{n:05d}"}
            for n, (first, last, born) in enumerate(
                (("Ada", "Quinn", date(1981, 3, 4)), ("Ben", "Ortiz", date(1975, 9, 30)),
                 ("Cleo", "Vance", date(2012, 6, 15))), 1)
        ],
        "appointment_types": [
            {**owned, "id": APPOINTMENT_TYPE_ID, "name": "Checkup", "abbreviation": "CHK",
             "description": None, "color": "#607d8b", "duration_minutes": 30,
             "max_attendees": 1, "bookable_online": False, "booking_lead_time_hours": 0,
             "cancellation_policy_hours": 24, "archived": False,
             "procedure_codes": ["D0120"]},
        ],
        "confirmation_statuses": [
            {**owned, "id": CONFIRMATION_STATUS_ID, "name": "Confirmed", "abbreviation": "OK",
             "color": "#4caf50", "is_confirmed": True, "sort_order": 1},
        ],
        "appointments": [_appointment(n, calendar.busiest_week_start) for n in range(1, 6)],
    }  # fmt: skip


def _appointment(n: int, week_start: date) -> Row:
    """The nth checkup: 09:00-09:30 New York time, Mon-Fri of the demo's busiest week."""
    # Same week as the demo's busiest, so a range query that leaked tenants would show them.
    day = week_start + timedelta(days=n - 1)
    zone = zone_named(OTHER_TIME_ZONE)
    return {
        "id": demo_id("other-appointment", n),
        "organization_id": OTHER_ORG_ID,
        "location_id": OTHER_LOCATION_ID,
        "operatory_id": OPERATORY_ID,
        "patient_id": demo_id("other-patient", (n - 1) % 3 + 1),
        "appointment_type_id": APPOINTMENT_TYPE_ID,
        "primary_provider_id": PROVIDER_ID,
        "start_at": resolve_local_time(day, time(9, 0), zone),
        "end_at": resolve_local_time(day, time(9, 30), zone),
        "status": AppointmentStatus.COMPLETE,
        "confirmation_status_id": CONFIRMATION_STATUS_ID,
        "note": None,
        "priority": 0,
        "production_amount": Decimal("80.00"),
        "is_new_patient": False,
        "is_time_locked": False,
        "procedure_codes": ["D0120"],
        "version": 1,
        "status_reason_id": None,
        "status_reason": None,
    }
