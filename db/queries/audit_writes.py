"""The one writer of the audit trails (appointment_history, waitlist_history, setup_changes):
a transaction's journal, one multi-row insert per trail that has entries, rows in the order
recorded. Only the mutation runner calls it (tests/unit/test_audit_writers.py keeps it so)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.audit_journal import AppointmentAudit, Journal, SetupAudit, WaitlistAudit
from db.models import SetupChange
from db.tables import appointment_history, table_of, waitlist_history

setup_changes = table_of(SetupChange)


async def write_journal(
    connection: AsyncConnection, *, journal: Journal, organization_id: uuid.UUID, actor: str
) -> None:
    """Insert the journal's entries, each trail's in one statement, as `actor`'s changes."""
    who = {"organization_id": organization_id, "actor": actor}
    appointment_rows = [_appointment_row(entry, who) for entry in journal.of(AppointmentAudit)]
    if appointment_rows:
        await connection.execute(insert(appointment_history).values(appointment_rows))
    waitlist_rows = [_waitlist_row(entry, who) for entry in journal.of(WaitlistAudit)]
    if waitlist_rows:
        await connection.execute(insert(waitlist_history).values(waitlist_rows))
    setup_rows = [_setup_row(entry, who) for entry in journal.of(SetupAudit)]
    if setup_rows:
        await connection.execute(insert(setup_changes).values(setup_rows))


def _appointment_row(entry: AppointmentAudit, who: dict[str, Any]) -> dict[str, Any]:
    """occurred_at: the transaction's start (the column's default)."""
    return {
        **who,
        "appointment_id": entry.appointment_id,
        "action": entry.action,
        "changes": entry.changes,
    }


def _waitlist_row(entry: WaitlistAudit, who: dict[str, Any]) -> dict[str, Any]:
    """occurred_at: the clock when the row is written, so a waitlist entry's history and its
    contacts (logged the same way) interleave in the order they happened."""
    return {
        **who,
        "entry_id": entry.entry_id,
        "action": entry.action,
        "before": entry.before,
        "after": entry.after,
        "occurred_at": func.clock_timestamp(),
    }


def _setup_row(entry: SetupAudit, who: dict[str, Any]) -> dict[str, Any]:
    """changed_at: the transaction's start (the column's default)."""
    return {
        **who,
        "subject_table": entry.subject_table,
        "subject_id": entry.subject_id,
        "action": entry.action,
        "changes": entry.changes,
    }
