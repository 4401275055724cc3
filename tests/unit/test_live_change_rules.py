"""What a change is to a view (scheduling/live_changes.py): its kind and whether it removes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from scheduling.appointment_status import ON_CALENDAR
from scheduling.live_changes import (
    CalendarView,
    Change,
    ChangeKind,
    Entity,
    Operation,
    Outcome,
    PatientView,
    WaitlistView,
    outcome,
)

ORG, HERE, THERE, PATIENT = (uuid.uuid4() for _ in range(4))
NOW = datetime(2030, 1, 8, 12, tzinfo=UTC)
WEEK = CalendarView(
    location_id=HERE,
    starts_at=datetime(2030, 1, 7, 6, tzinfo=UTC),
    ends_at=datetime(2030, 1, 14, 6, tzinfo=UTC),
    first_day=date(2030, 1, 7),
    last_day=date(2030, 1, 13),
    statuses=frozenset(ON_CALENDAR),
)
IN = datetime(2030, 1, 9, 15, tzinfo=UTC)
LATER_IN = datetime(2030, 1, 10, 15, tzinfo=UTC)
OUT = datetime(2030, 1, 20, 15, tzinfo=UTC)
HOUR = timedelta(hours=1)


def appointment(operation: Operation = Operation.UPDATE, **fields: Any) -> Change:
    values: dict[str, Any] = {
        "location_id": HERE,
        "previous_location_id": HERE,
        "patient_id": PATIENT,
        "starts_at": IN,
        "ends_at": IN + HOUR,
        "previous_starts_at": IN,
        "previous_ends_at": IN + HOUR,
        "status": "scheduled",
        "previous_status": "scheduled",
    }
    values.update(fields)
    return Change(ORG, 1, Entity.APPOINTMENT, uuid.uuid4(), operation, **values)


def item(entity: Entity, operation: Operation, **fields: Any) -> Change:
    return Change(ORG, 1, entity, uuid.uuid4(), operation, **fields)


K = ChangeKind


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (appointment(Operation.INSERT, previous_status=None), Outcome(K.BOOKED, False)),
        (
            appointment(Operation.INSERT, status="hold", hold_expires_at=NOW + HOUR),
            Outcome(K.HELD, False),
        ),
        (
            appointment(previous_status="hold", hold_expires_at=None),
            Outcome(K.CONFIRMED, False),
        ),
        (appointment(status="cancelled"), Outcome(K.CANCELLED, True)),
        (appointment(status="broken"), Outcome(K.BROKEN, False)),  # broken stays on calendars
        (appointment(status="pinboard"), Outcome(K.PINBOARDED, True)),
        (appointment(previous_status="pinboard"), Outcome(K.PLACED, False)),
        (appointment(status="complete"), Outcome(K.COMPLETED, False)),
        (appointment(status="planned"), Outcome(K.STATUS_CHANGED, False)),
        (appointment(starts_at=LATER_IN, moved=True), Outcome(K.MOVED, False)),
        (appointment(starts_at=OUT, moved=True), Outcome(K.MOVED_OUT, True)),
        (appointment(location_id=THERE, moved=True), Outcome(K.MOVED_OUT, True)),
        (appointment(previous_starts_at=OUT, moved=True), Outcome(K.MOVED_IN, False)),
        (appointment(providers_changed=True), Outcome(K.PROVIDERS_CHANGED, False)),
        (appointment(), Outcome(K.UPDATED, False)),
        (appointment(Operation.DELETE, status=None, starts_at=None), Outcome(K.DELETED, True)),
        # a hold that lapsed: announced by the clock, removed from the default statuses
        (
            appointment(status="hold", previous_status="hold", hold_expires_at=NOW),
            Outcome(K.EXPIRED, True),
        ),
    ],
)
def test_appointment_changes_in_a_calendar_view(change, expected):
    assert outcome(WEEK, change, NOW) == expected


@pytest.mark.parametrize(
    "change",
    [
        appointment(starts_at=OUT, previous_starts_at=OUT),  # outside before and after
        appointment(location_id=THERE, previous_location_id=THERE),
        appointment(status="cancelled", previous_status="cancelled"),  # not shown either side
        # a hold placed and lapsed while nobody looked: nothing to tell
        appointment(Operation.INSERT, status="hold", hold_expires_at=NOW - HOUR),
    ],
)
def test_changes_a_view_never_shows_are_none_of_its_business(change):
    assert outcome(WEEK, change, NOW) is None


def test_blockouts_overlap_and_overrides_by_date():
    blockout = item(
        Entity.BLOCKOUT,
        Operation.UPDATE,
        location_id=HERE,
        previous_location_id=HERE,
        # begins before the week, ends inside it: it overlaps
        starts_at=WEEK.starts_at - HOUR,
        ends_at=WEEK.starts_at + HOUR,
        previous_starts_at=OUT,
        previous_ends_at=OUT + HOUR,
        moved=True,
    )
    assert outcome(WEEK, blockout, NOW) == Outcome(K.MOVED_IN, False)
    override = item(
        Entity.SCHEDULE_OVERRIDE,
        Operation.INSERT,
        location_id=HERE,
        on_date=date(2030, 1, 13),
    )
    assert outcome(WEEK, override, NOW) == Outcome(K.CREATED, False)
    beyond = item(
        Entity.SCHEDULE_OVERRIDE,
        Operation.DELETE,
        previous_location_id=HERE,
        previous_on_date=date(2030, 1, 14),
    )
    assert outcome(WEEK, beyond, NOW) is None


def test_a_patients_view_and_a_waitlist_view():
    mine = PatientView(PATIENT)
    change = appointment(starts_at=OUT, moved=True)
    assert mine.concerns(change)
    assert outcome(mine, change, NOW) == Outcome(K.MOVED, False)
    assert not PatientView(uuid.uuid4()).concerns(change)
    entry = item(
        Entity.WAITLIST_ENTRY,
        Operation.UPDATE,
        location_id=THERE,
        previous_location_id=HERE,
        status="waiting",
        previous_status="waiting",
        moved=True,
    )
    assert outcome(WaitlistView(HERE), entry, NOW) == Outcome(K.MOVED_OUT, True)
    assert outcome(WaitlistView(THERE), entry, NOW) == Outcome(K.MOVED_IN, False)
    contacted = item(
        Entity.WAITLIST_ENTRY,
        Operation.UPDATE,
        location_id=HERE,
        previous_location_id=HERE,
        status="contacted",
        previous_status="waiting",
    )
    assert outcome(WaitlistView(HERE), contacted, NOW) == Outcome(K.STATUS_CHANGED, False)
    assert not WEEK.concerns(contacted)


def entry_at_there(operation: Operation = Operation.UPDATE, **fields: Any) -> Change:
    """A waitlist entry whose home is THERE, unchanged but for `fields`."""
    values: dict[str, Any] = {
        "location_id": THERE,
        "previous_location_id": THERE,
        "status": "waiting",
        "previous_status": "waiting",
        "location_scope": "home_only",
        "previous_location_scope": "home_only",
        "additional_location_ids": (),
        "previous_additional_location_ids": (),
    }
    return item(Entity.WAITLIST_ENTRY, operation, **(values | fields))


def test_a_waitlist_view_of_other_locations_follows_entries_that_accept_it():
    others = WaitlistView(HERE, other_locations=True)
    # an entry of another home that starts accepting HERE moves into the view, and out again
    opened = entry_at_there(location_scope="selected", additional_location_ids=(HERE,))
    assert outcome(others, opened, NOW) == Outcome(K.MOVED_IN, False)
    assert outcome(WaitlistView(HERE), opened, NOW) is None  # the default view: homes only
    closed = entry_at_there(
        previous_location_scope="selected", previous_additional_location_ids=(HERE,)
    )
    assert outcome(others, closed, NOW) == Outcome(K.MOVED_OUT, True)
    # created accepting any location; its status changing while it does; deleted
    created = entry_at_there(Operation.INSERT, location_scope="any")
    assert outcome(others, created, NOW) == Outcome(K.CREATED, False)
    contacted = entry_at_there(
        location_scope="any", previous_location_scope="any", status="contacted"
    )
    assert outcome(others, contacted, NOW) == Outcome(K.STATUS_CHANGED, False)
    deleted = entry_at_there(Operation.DELETE, previous_location_scope="any")
    assert outcome(others, deleted, NOW) == Outcome(K.DELETED, True)
    # selected without HERE, or home only elsewhere: none of the view's business
    elsewhere = entry_at_there(location_scope="selected", additional_location_ids=(uuid.uuid4(),))
    assert outcome(others, elsewhere, NOW) is None
    assert outcome(others, entry_at_there(), NOW) is None
