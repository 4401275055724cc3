"""The one writer of the audit trails (appointment_history, waitlist_history, setup_changes):
a transaction's journal, one multi-row insert per trail that has entries, rows in the order
recorded. Only the mutation runner calls it (tests/unit/test_audit_writers.py keeps it so)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Interval, func, insert, literal
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
    waitlist_rows = [
        _waitlist_row(entry, who, position)
        for position, entry in enumerate(journal.of(WaitlistAudit))
    ]
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


def _waitlist_row(entry: WaitlistAudit, who: dict[str, Any], position: int) -> dict[str, Any]:
    """occurred_at: the database clock when the row is written (as waitlist contacts are
    logged). The history is read by occurred_at, then a random id: the rows of one statement,
    which the clock may give the same microsecond, are a microsecond apart each (`position`),
    so they read in the order recorded."""
    occurred_at: ColumnElement[datetime] = func.clock_timestamp()
    if position:
        occurred_at += literal(timedelta(microseconds=position), Interval())
    return {
        **who,
        "entry_id": entry.entry_id,
        "action": entry.action,
        "before": entry.before,
        "after": entry.after,
        "occurred_at": occurred_at,
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
