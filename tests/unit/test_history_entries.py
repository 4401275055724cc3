"""History rows read as typed entries in the schema's terms (schema/types/history.py and its
two kinds): no database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

from schema.types.appointment_history import appointment_history_entry
from schema.types.history import FieldChange, FieldOf, HistoryAction, field_changes, global_id
from schema.types.waitlist_log import waitlist_history_entry
from tests.support.factories import global_id as gid

AT = datetime(2030, 1, 7, 15, tzinfo=UTC)
OP, ROOM = uuid.UUID(int=1), uuid.UUID(int=2)


def triples(changes: list[FieldChange]) -> list[tuple[str, object, object]]:
    return [(change.field, change.before, change.after) for change in changes]


def row(**values):
    return SimpleNamespace(actor="staff-test", occurred_at=AT, **values)


def test_changes_follow_the_declared_order_and_leave_no_ops_and_names_unknown_ones():
    fields = {"b_col": FieldOf("bee"), "a_col": FieldOf("ay", global_id("Thing"))}
    made = field_changes(
        [("a_col", None, "x"), ("some_new_col", 1, 2), ("b_col", 3, 3), ("b_col", 3, 4)], fields
    )
    assert triples(made) == [
        ("bee", 3, 4),
        ("ay", None, gid("Thing", "x")),
        ("someNewCol", 1, 2),
    ]


def test_an_appointment_move_reads_as_fields_global_ids_and_enum_names():
    entry = appointment_history_entry(
        row(
            action="moved",
            changes={
                "status": {"before": "pinboard", "after": "scheduled"},
                "operatory_id": {"before": str(OP), "after": str(ROOM)},
                "provider_ids": {"before": [str(OP)], "after": [str(OP), str(ROOM)]},
                "start_at": {"before": "2030-01-07T15:00:00+00:00", "after": None},
            },
        )
    )
    assert (entry.action, entry.actor, entry.occurred_at) == (HistoryAction.MOVED, "staff-test", AT)
    assert triples(entry.changes) == [
        ("startAt", "2030-01-07T15:00:00+00:00", None),
        ("status", "PINBOARD", "SCHEDULED"),
        ("operatory", gid("Operatory", OP), gid("Operatory", ROOM)),
        (
            "providers",
            [gid("Provider", OP)],
            [gid("Provider", OP), gid("Provider", ROOM)],
        ),
    ]


def test_a_flow_status_note_is_the_flow_events_and_old_demo_entries_read_as_booked():
    flow = appointment_history_entry(
        row(action="flow_status_set", changes={"note": {"before": None, "after": "Early"}})
    )
    assert triples(flow.changes) == [("flowEventNote", None, "Early")]
    seeded = appointment_history_entry(
        row(action="created", changes={"before": None, "after": {"status": "scheduled"}})
    )
    assert (seeded.action, triples(seeded.changes)) == (
        HistoryAction.BOOKED,
        [("status", None, "SCHEDULED")],
    )


def test_a_waitlist_entry_change_pairs_its_before_and_after():
    entry = waitlist_history_entry(
        row(
            id=uuid.UUID(int=9),
            action="response_declined",
            before={"status": "offered", "patient_response": None},
            after={"status": "waiting", "patient_response": "declined", "reason": "Busy"},
        )
    )
    assert entry.action is HistoryAction.RESPONSE_DECLINED
    assert triples(entry.changes) == [
        ("status", "OFFERED", "WAITING"),
        ("patientResponse", None, "DECLINED"),
        ("reason", None, "Busy"),
    ]
    added = waitlist_history_entry(
        row(id=uuid.UUID(int=8), action="added", before=None, after={"urgency": "soon"})
    )
    assert triples(added.changes) == [("urgency", None, "SOON")]
