"""The demo blockouts, checked without a database: they keep every demo booking valid."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from db.demo import MAIN_LOCATION_ID, REFERENCE_ANCHOR, DemoPractice, build_demo_practice
from db.demo.blockouts import HOLIDAY_TYPE_ID, LUNCH_TYPE_ID, MEETING_TYPE_ID


@pytest.fixture(scope="module")
def practice() -> DemoPractice:
    return build_demo_practice(REFERENCE_ANCHOR)


def test_types_and_template(practice: DemoPractice) -> None:
    types = [
        (t["name"], t["no_schedule"], t["do_not_copy"], t["hidden"])
        for t in practice.blockout_types
    ]
    assert types == [
        ("Lunch", True, False, False),
        ("Staff meeting", True, True, False),
        ("Emergency hold", False, False, False),
        ("Holiday", True, False, False),
    ]
    assert [t["name"] for t in practice.blockout_templates] == ["Standard day"]
    (item,) = practice.blockout_template_items
    assert (item["blockout_type_id"], item["operatory_id"]) == (LUNCH_TYPE_ID, None)
    assert (item["start_time"].isoformat(), item["end_time"].isoformat()) == (
        "12:00:00",
        "12:30:00",
    )


def test_no_schedule_blockouts_never_cover_a_demo_appointment(practice: DemoPractice) -> None:
    blocking = {t["id"] for t in practice.blockout_types if t["no_schedule"]}
    for b in practice.blockouts:
        if b["blockout_type_id"] not in blocking:
            continue
        for a in practice.appointments:
            if a["location_id"] != b["location_id"]:
                continue
            if b["operatory_id"] not in (None, a["operatory_id"]):
                continue
            assert not (a["start_at"] < b["end_at"] and b["start_at"] < a["end_at"]), (b, a)


def test_meeting_and_holidays(practice: DemoPractice) -> None:
    kinds = Counter(b["blockout_type_id"] for b in practice.blockouts)
    assert kinds[LUNCH_TYPE_ID] == 658  # 309 in the core weeks, 349 in the weeks ahead
    (meeting,) = [b for b in practice.blockouts if b["blockout_type_id"] == MEETING_TYPE_ID]
    # 2026-12-01 08:00 is booked at Riverside Main, so the meeting moved to the open week (CST)
    assert (meeting["location_id"], meeting["operatory_id"]) == (MAIN_LOCATION_ID, None)
    assert meeting["start_at"] == datetime(2026, 12, 8, 14, tzinfo=UTC)
    holidays = sorted(
        (b["start_at"], b["end_at"])
        for b in practice.blockouts
        if b["blockout_type_id"] == HOLIDAY_TYPE_ID
    )
    assert holidays == [
        (datetime(2026, 12, 25, 0, tzinfo=UTC), datetime(2026, 12, 26, 0, tzinfo=UTC)),  # London
        (datetime(2026, 12, 25, 6, tzinfo=UTC), datetime(2026, 12, 26, 6, tzinfo=UTC)),  # Chicago
    ]
