"""Committed changes as subscribers see them: which view a change concerns and what kind of
change it is there (booked, moved out, cancelled...), decided from the change alone.

A change (the change log's row, migration 0015) holds a row's state before its transaction
and after it: location, times or date, status. A view (a calendar range, a patient's own
appointments, a location's waitlist) says whether each side is in it; together they give the
kind of change and whether the item left the view (`removed`), so a client patches what it
shows without refetching.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from scheduling.appointment_status import AppointmentStatus, effective_status
from scheduling.waitlist import accepts_location


class Entity(enum.StrEnum):
    """What kind of row changed."""

    APPOINTMENT = "appointment"
    BLOCKOUT = "blockout"
    SCHEDULE_OVERRIDE = "schedule_override"
    WAITLIST_ENTRY = "waitlist_entry"


class Operation(enum.StrEnum):
    """What the transaction did to the row (several writes folded into one)."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class ChangeKind(enum.StrEnum):
    """What a subscriber is told happened."""

    BOOKED = "booked"
    HELD = "held"
    CONFIRMED = "confirmed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    BROKEN = "broken"
    PINBOARDED = "pinboarded"
    PLACED = "placed"
    COMPLETED = "completed"
    UNSCHEDULED = "unscheduled"
    STATUS_CHANGED = "status_changed"
    MOVED = "moved"
    MOVED_IN = "moved_in"
    MOVED_OUT = "moved_out"
    PROVIDERS_CHANGED = "providers_changed"
    UPDATED = "updated"
    CREATED = "created"
    DELETED = "deleted"


S = AppointmentStatus
K = ChangeKind
# A status reached by a change -> its kind (CONFIRMED and PLACED depend on the status left).
_STATUS_KINDS = {
    S.CANCELLED: K.CANCELLED,
    S.BROKEN: K.BROKEN,
    S.PINBOARD: K.PINBOARDED,
    S.EXPIRED: K.EXPIRED,
    S.COMPLETE: K.COMPLETED,
    S.UNSCHEDULED: K.UNSCHEDULED,
}


@dataclass(frozen=True, slots=True)
class Change:
    """One committed change of one row (the change log's columns), or a hold that lapsed."""

    organization_id: uuid.UUID
    # The organization's change number; None for a lapse, which no transaction wrote.
    change_id: int | None
    entity: Entity
    entity_id: uuid.UUID
    operation: Operation
    location_id: uuid.UUID | None = None
    previous_location_id: uuid.UUID | None = None
    patient_id: uuid.UUID | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    previous_starts_at: datetime | None = None
    previous_ends_at: datetime | None = None
    on_date: date | None = None
    previous_on_date: date | None = None
    status: str | None = None
    previous_status: str | None = None
    hold_expires_at: datetime | None = None
    moved: bool = False
    providers_changed: bool = False
    committed_at: datetime | None = None
    # A waitlist entry's location scope and additional locations (home_only, selected, any).
    location_scope: str | None = None
    previous_location_scope: str | None = None
    additional_location_ids: tuple[uuid.UUID, ...] | None = None
    previous_additional_location_ids: tuple[uuid.UUID, ...] | None = None

    @property
    def is_lapse(self) -> bool:
        """A hold's time ran out: announced by the clock, not by a write."""
        return self.change_id is None

    @property
    def live_hold(self) -> bool:
        """An appointment left as a hold by this change (it may lapse later)."""
        return (
            self.entity is Entity.APPOINTMENT
            and self.status == S.HOLD.value
            and self.hold_expires_at is not None
        )

    def lapse(self) -> Change:
        """The lapse of the hold this change left: the same hold, before and after."""
        return replace(
            self,
            change_id=None,
            operation=Operation.UPDATE,
            previous_location_id=self.location_id,
            previous_starts_at=self.starts_at,
            previous_ends_at=self.ends_at,
            previous_status=self.status,
            moved=False,
            providers_changed=False,
        )

    def before(self) -> Side | None:
        """The row before the transaction (None: it did not exist)."""
        if self.operation is Operation.INSERT:
            return None
        return Side(
            self.previous_location_id,
            self.previous_starts_at,
            self.previous_ends_at,
            self.previous_on_date,
            _status(self.previous_status),
            self.previous_location_scope,
            self.previous_additional_location_ids or (),
        )

    def after(self, now: datetime) -> Side | None:
        """The row after it (None: deleted), a hold past its expiry as EXPIRED at `now`."""
        if self.operation is Operation.DELETE:
            return None
        status = _status(self.status)
        if status is not None:
            status = effective_status(status, self.hold_expires_at, now)
        return Side(
            self.location_id,
            self.starts_at,
            self.ends_at,
            self.on_date,
            status,
            self.location_scope,
            self.additional_location_ids or (),
        )


@dataclass(frozen=True, slots=True)
class Side:
    """Where a row was (or is): its location, times or date, and status."""

    location_id: uuid.UUID | None
    starts_at: datetime | None
    ends_at: datetime | None
    on_date: date | None
    status: AppointmentStatus | None
    # A waitlist entry's: which other locations than its home (location_id) it accepts.
    location_scope: str | None = None
    additional_location_ids: tuple[uuid.UUID, ...] = ()


def _status(value: str | None) -> AppointmentStatus | None:
    # Waitlist statuses are not appointment statuses: views of entries compare the strings.
    try:
        return AppointmentStatus(value) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Outcome:
    """A change as one view sees it."""

    kind: ChangeKind
    # The item is no longer in the view (moved out, deleted, left the statuses shown).
    removed: bool


class View(Protocol):
    """What one subscription shows."""

    def concerns(self, change: Change) -> bool:
        """A cheap first test (kind of row, location, patient) before the outcome."""

    def contains(self, entity: Entity, side: Side) -> bool:
        """Whether one side of a change lies in the view."""


def outcome(view: View, change: Change, now: datetime) -> Outcome | None:
    """The change as `view` sees it at `now`, or None when it concerns the view on no side."""
    before, after = change.before(), change.after(now)
    was_in = before is not None and view.contains(change.entity, before)
    is_in = after is not None and view.contains(change.entity, after)
    if not (was_in or is_in):
        return None
    if change.entity is Entity.APPOINTMENT:
        kind = _appointment_kind(change, before, after, was_in, is_in)
    else:
        kind = _item_kind(change, was_in, is_in)
    return Outcome(kind, removed=not is_in)


def _appointment_kind(
    change: Change, before: Side | None, after: Side | None, was_in: bool, is_in: bool
) -> ChangeKind:
    if after is None:
        return K.DELETED
    if before is None:
        return K.HELD if after.status is S.HOLD else K.BOOKED
    if before.status != after.status and after.status is not None:
        return _status_kind(before.status, after.status)
    return _item_kind(change, was_in, is_in, providers=change.providers_changed)


def _status_kind(left: AppointmentStatus | None, reached: AppointmentStatus) -> ChangeKind:
    if reached in _STATUS_KINDS:
        return _STATUS_KINDS[reached]
    if left is S.HOLD:
        return K.CONFIRMED
    if left in (S.PINBOARD, S.UNSCHEDULED):
        return K.PLACED
    return K.STATUS_CHANGED


def _item_kind(change: Change, was_in: bool, is_in: bool, *, providers: bool = False) -> ChangeKind:
    if change.operation is Operation.DELETE:
        return K.DELETED
    if change.operation is Operation.INSERT:
        return K.CREATED
    if change.entity is Entity.WAITLIST_ENTRY and change.status != change.previous_status:
        return K.STATUS_CHANGED
    if was_in != is_in:
        return K.MOVED_IN if is_in else K.MOVED_OUT
    if change.moved:
        return K.MOVED
    return K.PROVIDERS_CHANGED if providers else K.UPDATED


@dataclass(frozen=True, slots=True)
class CalendarView:
    """A location's calendar between two instants (its local days `first_day`..`last_day`):
    appointments that start inside with one of `statuses`, blockouts that overlap it and
    schedule overrides of those days."""

    location_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    first_day: date
    last_day: date
    statuses: frozenset[AppointmentStatus]

    def concerns(self, change: Change) -> bool:
        return change.entity is not Entity.WAITLIST_ENTRY and self.location_id in (
            change.location_id,
            change.previous_location_id,
        )

    def contains(self, entity: Entity, side: Side) -> bool:
        if side.location_id != self.location_id:
            return False
        if entity is Entity.SCHEDULE_OVERRIDE:
            return side.on_date is not None and self.first_day <= side.on_date <= self.last_day
        if side.starts_at is None or side.ends_at is None:
            return False
        if entity is Entity.BLOCKOUT:
            return side.starts_at < self.ends_at and side.ends_at > self.starts_at
        return (
            self.starts_at <= side.starts_at < self.ends_at
            and side.status is not None
            and side.status in self.statuses
        )


@dataclass(frozen=True, slots=True)
class PatientView:
    """A patient's own appointments, wherever and whenever they are."""

    patient_id: uuid.UUID

    def concerns(self, change: Change) -> bool:
        return change.entity is Entity.APPOINTMENT and change.patient_id == self.patient_id

    def contains(self, entity: Entity, side: Side) -> bool:
        return True  # concerns() chose the patient's rows; both sides are theirs


@dataclass(frozen=True, slots=True)
class WaitlistView:
    """The waitlist entries whose home is a location (as the list shows them by default) and,
    with `other_locations`, those of other homes that accept it (includeOtherLocations)."""

    location_id: uuid.UUID
    other_locations: bool = False

    def concerns(self, change: Change) -> bool:
        if change.entity is not Entity.WAITLIST_ENTRY:
            return False
        if self.location_id in (change.location_id, change.previous_location_id):
            return True
        return self.other_locations  # contains() decides from the scopes

    def contains(self, entity: Entity, side: Side) -> bool:
        if side.location_id == self.location_id:
            return True
        if not self.other_locations or side.location_id is None:
            return False
        return accepts_location(
            scope=side.location_scope or "home_only",
            home_location_id=side.location_id,
            additional_location_ids=side.additional_location_ids,
            location_id=self.location_id,
        )
