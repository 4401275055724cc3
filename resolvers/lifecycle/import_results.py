"""What importAppointments answers: each row's status and error, and the whole result."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from db.loaders import Loaders
from resolvers.errors import ClientError, SlotConflict, Validation
from resolvers.lifecycle.book import BookingRequest
from scheduling.conflicts import Conflict


class ImportMode(enum.StrEnum):
    """What a failing row does to the others."""

    ALL_OR_NOTHING = "ALL_OR_NOTHING"
    PER_ROW = "PER_ROW"


class RowStatus(enum.StrEnum):
    """What became of one row."""

    CREATED = "CREATED"
    SKIPPED = "SKIPPED"  # its externalId was imported before: the earlier appointment stands
    ROLLED_BACK = "ROLLED_BACK"  # passed, but another row failed (ALL_OR_NOTHING)
    CONFLICT = "CONFLICT"  # its slot is taken (SLOT_CONFLICT)
    INVALID = "INVALID"  # another rule refused it (NOT_FOUND, VALIDATION, DST_GAP, ...)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One appointment to import, and the reference the other system gives it."""

    request: BookingRequest
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    """Why a row was refused: a client error's code, the path below the argument
    (("rows", "3", "slot", "startTime")), its message and, for SLOT_CONFLICT, the conflicts."""

    code: str
    path: tuple[str, ...]
    message: str
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True, slots=True)
class RowResult:
    """One row's result, in input order."""

    index: int
    status: RowStatus
    appointment_id: uuid.UUID | None = None
    error: RowError | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Every row's result; `written`: whether the created rows were committed."""

    rows: tuple[RowResult, ...]
    written: bool

    def forget(self, loaders: Loaders) -> None:
        for row in self.rows:
            if row.status is RowStatus.CREATED and row.appointment_id is not None:
                loaders.forget_appointment(row.appointment_id)

    @property
    def failed(self) -> int:
        return sum(row.error is not None for row in self.rows)


class ImportRefused(Validation):
    """ALL_OR_NOTHING and a row failed: nothing was written (the result says which rows)."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__(
            f"{result.failed} of {len(result.rows)} rows failed; nothing was imported",
            field="rows",
        )
        self.result = result


# A row as the schema hands it over: ready, or refused while its input was read (a bad ID).
GivenRow = ImportRow | ClientError


def row_error(index: int, error: ClientError) -> RowError:
    """The row's error, its path from the argument."""
    conflicts = tuple(error.conflicts) if isinstance(error, SlotConflict) else ()
    return RowError(error.code, ("rows", str(index), *error.path), error.message, conflicts)


def failed_row(index: int, error: ClientError) -> RowResult:
    """The row's result when a rule refused it."""
    status = RowStatus.CONFLICT if isinstance(error, SlotConflict) else RowStatus.INVALID
    return RowResult(index, status, error=row_error(index, error))
