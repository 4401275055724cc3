"""Demo recalls: three recall types, two triggers and recalls of the first 200 patients."""

from __future__ import annotations

from datetime import date, timedelta

from db.demo.catalog import Row
from db.demo.ids import DEMO_ORG_ID, demo_id
from scheduling.recalls import add_months

OWNED = {"organization_id": DEMO_ORG_ID}
# (key, name, default interval in months)
RECALL_TYPES = (("hygiene", "Hygiene", 6), ("exam", "Periodic exam", 12),
                ("perio", "Perio maintenance", 3))  # fmt: skip
TRIGGERS = (("D1110", "hygiene"), ("D0120", "exam"))
RECALL_PATIENTS = 200
# Due dates spread over 2026-11-01 .. 2027-02-28 (120 days).
FIRST_DUE = date(2026, 11, 1)
SPREAD_DAYS = 120


def recall_tables() -> dict[str, list[Row]]:
    """Rows of recall_types, recall_triggers and patient_recalls (no random draws)."""
    types = [
        {**OWNED, "id": demo_id("recall-type", key), "name": name,
         "default_interval_months": months, "active": True, "sort_order": n}
        for n, (key, name, months) in enumerate(RECALL_TYPES, 1)
    ]  # fmt: skip
    triggers = [
        {**OWNED, "id": demo_id("recall-trigger", code), "procedure_code": code,
         "recall_type_id": demo_id("recall-type", key)}
        for code, key in TRIGGERS
    ]  # fmt: skip
    intervals = {key: months for key, _, months in RECALL_TYPES}
    recalls = []
    for n in range(1, RECALL_PATIENTS + 1):
        # Everyone has hygiene; every 4th patient a periodic exam, every 10th perio maintenance.
        kinds = ["hygiene"] + ["exam"] * (n % 4 == 0) + ["perio"] * (n % 10 == 0)
        for offset, key in enumerate(kinds):
            due = FIRST_DUE + timedelta(days=(n * 37 + offset * 11) % SPREAD_DAYS)
            months = intervals[key]
            recalls.append(
                {**OWNED, "id": demo_id("patient-recall", f"{n}-{key}"),
                 "patient_id": demo_id("patient", n), "recall_type_id": demo_id("recall-type", key),
                 "due_date": due, "previous_date": add_months(due, -months),
                 "interval_months": months, "status": "scheduled" if n % 25 == 0 else "due",
                 "disabled": n % 50 == 7, "note": "Prefers mornings" if n % 9 == 0 else None,
                 "version": 1}
            )  # fmt: skip
    return {"recall_types": types, "recall_triggers": triggers, "patient_recalls": recalls}
