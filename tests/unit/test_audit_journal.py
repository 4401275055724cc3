"""The audit journal a mutation's work records its entries on (db/audit_journal.py), and the
mutation runner's transaction that carries it: entries kept in the order recorded, each trail
read apart, a new journal for every attempt."""

from __future__ import annotations

import uuid

from db.audit_journal import AppointmentAudit, Journal, SetupAudit, WaitlistAudit
from resolvers.mutation_runner import Transaction

APPOINTMENT = uuid.UUID("00000000-0000-4000-8000-000000000001")
ENTRY = uuid.UUID("00000000-0000-4000-8000-000000000002")
LOCATION = uuid.UUID("00000000-0000-4000-8000-000000000003")


def test_a_new_journal_has_no_entries():
    journal = Journal()
    assert journal.entries == ()
    assert journal.of(AppointmentAudit) == []


def test_entries_stay_in_the_order_recorded_across_trails():
    journal = Journal()
    booked = AppointmentAudit(APPOINTMENT, "booked", {"status": {"before": None, "after": "x"}})
    offered = WaitlistAudit(ENTRY, "offered", {"status": "waiting"}, {"status": "offered"})
    renamed = SetupAudit("locations", LOCATION, "UPDATED", {"name": "Annex"})
    moved = AppointmentAudit(APPOINTMENT, "moved", {})
    for entry in (booked, offered, renamed, moved):
        journal.record(entry)
    assert journal.entries == (booked, offered, renamed, moved)
    assert journal.of(AppointmentAudit) == [booked, moved]
    assert journal.of(WaitlistAudit) == [offered]
    assert journal.of(SetupAudit) == [renamed]


def test_entries_read_earlier_do_not_change_when_more_are_recorded():
    journal = Journal()
    first = SetupAudit("locations", LOCATION, "CREATED", {"name": "Main"})
    journal.record(first)
    read = journal.entries
    journal.record(SetupAudit("locations", LOCATION, "UPDATED", {"name": "Annex"}))
    assert read == (first,)
    assert len(journal.entries) == 2


def test_every_transaction_starts_with_its_own_empty_journal():
    # A retried attempt gets a new Transaction: nothing the failed attempt recorded carries over.
    failed = Transaction(connection=None)  # type: ignore[arg-type]  # the journal alone is used
    failed.journal.record(AppointmentAudit(APPOINTMENT, "booked", {}))
    retried = Transaction(connection=None)  # type: ignore[arg-type]
    assert retried.journal.entries == ()
    assert retried.journal is not failed.journal
