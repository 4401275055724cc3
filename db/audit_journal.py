"""The audit entries one transaction's work records, as typed values in the order recorded.

A mutation's work records what it changed here (no SQL); the mutation runner writes the whole
journal (db/queries/audit_writes.py) before the transaction ends, one statement per trail.
Who made the change and in which organization are the viewer's, filled in by the writer.
A savepoint rolled back does not take its entries back: work that undoes part of itself
(importAppointments) records once what stays is known.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar


@dataclass(frozen=True, slots=True)
class AppointmentAudit:
    """An appointment_history entry: the appointment's fields before and after."""

    appointment_id: uuid.UUID
    action: str
    changes: dict[str, Any]


@dataclass(frozen=True, slots=True)
class WaitlistAudit:
    """A waitlist_history entry: the entry's changed fields before and after."""

    entry_id: uuid.UUID
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class SetupAudit:
    """A setup_changes entry: which row of which table was set to what (already JSON)."""

    subject_table: str
    subject_id: uuid.UUID
    action: str
    changes: dict[str, Any]


AuditEntry = AppointmentAudit | WaitlistAudit | SetupAudit
E = TypeVar("E", AppointmentAudit, WaitlistAudit, SetupAudit)


@dataclass(slots=True)
class Journal:
    """One attempt's audit entries; a retried attempt starts with a new, empty journal."""

    _entries: list[AuditEntry] = field(default_factory=list)

    def record(self, entry: AuditEntry) -> None:
        """Add an entry after those recorded before it."""
        self._entries.append(entry)

    @property
    def entries(self) -> tuple[AuditEntry, ...]:
        """Every entry, in the order recorded."""
        return tuple(self._entries)

    def of(self, kind: type[E]) -> list[E]:
        """One trail's entries, in the order recorded."""
        return [entry for entry in self._entries if isinstance(entry, kind)]
