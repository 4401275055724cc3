"""The demo's cancelled and broken visits carry a reason from its catalog (chosen by the
visit's number, so the demo stays the same on every build), and every tenth visit by number
that is complete carries procedure records (one per code of its type)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from db.demo import REFERENCE_ANCHOR, build_demo_practice
from db.demo.catalog import APPOINTMENT_REASONS, TYPES_BY_N
from db.demo.ids import DEMO_ORG_ID, demo_id
from db.demo.practice import DemoPractice
from scheduling.appointment_status import AppointmentStatus


@pytest.fixture(scope="module")
def practice() -> DemoPractice:
    return build_demo_practice(REFERENCE_ANCHOR)


def test_cancelled_and_broken_visits_carry_a_reason_of_their_list(practice: DemoPractice) -> None:
    reasons = {
        demo_id("appointment-reason", n): (kind, name)
        for n, (kind, name) in enumerate(APPOINTMENT_REASONS, 1)
    }
    kind_of = {AppointmentStatus.CANCELLED: "CANCELLATION", AppointmentStatus.BROKEN: "NO_SHOW"}
    counts: Counter[tuple[str, str]] = Counter()
    for a in practice.appointments:
        if a["status"] not in kind_of:
            assert (a["status_reason_id"], a["status_reason"]) == (None, None)
            continue
        kind, name = reasons[a["status_reason_id"]]
        assert (kind, a["status_reason"]) == (kind_of[a["status"]], name)
        counts[(kind, name)] += 1
    assert counts == {
        ("CANCELLATION", "Feeling unwell"): 25,
        ("CANCELLATION", "Schedule conflict"): 43,
        ("CANCELLATION", "Transportation"): 27,
        ("CANCELLATION", "Cost"): 38,
        ("NO_SHOW", "Forgot"): 58,
        ("NO_SHOW", "No answer to reminders"): 41,
        ("NO_SHOW", "Arrived too late"): 39,
    }


def test_some_completed_visits_carry_procedure_records(practice: DemoPractice) -> None:
    appointments = {a["id"]: a for a in practice.appointments}
    types = {demo_id("appointment-type", n): kind for n, kind in TYPES_BY_N.items()}
    by_visit: dict[object, list[dict]] = {}
    for row in practice.appointment_procedures:
        by_visit.setdefault(row["appointment_id"], []).append(row)
    assert (len(by_visit), len(practice.appointment_procedures)) == (432, 662)
    for ident, rows in by_visit.items():
        visit = appointments[ident]
        kind = types[visit["appointment_type_id"]]
        assert visit["organization_id"] == DEMO_ORG_ID
        assert visit["status"] is AppointmentStatus.COMPLETE
        assert [r["code"] for r in rows] == list(kind.procedure_codes) == visit["procedure_codes"]
        assert [r["position"] for r in rows] == list(range(len(rows)))
        share = (kind.fee / len(rows)).quantize(Decimal("0.01"))
        assert {(r["fee"], r["provider_id"]) for r in rows} == {
            (share, visit["primary_provider_id"])
        }
    assert len({r["id"] for r in practice.appointment_procedures}) == 662
