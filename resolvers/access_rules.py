"""Rules finer than a role, declared with a field's Access (resolvers/access.py).

An `InputRule` is a pure predicate over the caller and one value of the coerced input: the
permission check (schema/permissions.py) finds the value at the rule's path and runs every
rule of the field before the input rules, the resolver and any transaction, so a request with
several faults learns the refusal first and nothing is read or written. A `RowRule` needs a
row the resolver reads (whose appointment it is): the resolver asks the declared rule object
when it reads the row, so the rule still has one implementation, and the role table shows it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from strawberry.relay import GlobalID

from resolvers.errors import ClientError, Forbidden, Validation
from resolvers.viewer import Role, Viewer


@dataclass(frozen=True, slots=True, kw_only=True)
class InputRule:
    """A rule over the input value at `path` (GraphQL names from the argument:
    ("input", "patientId")); a caller it refuses gets `error` with `message` there."""

    # The role the rule binds (a staff admin is not bound by a staff rule).
    role: ClassVar[Role] = Role.PATIENT
    path: tuple[str, ...]
    message: str
    error: type[ClientError] = Forbidden

    def binds(self, viewer: Viewer) -> bool:
        """Whether the rule applies to this caller at all."""
        return viewer.role is self.role

    def refuses(self, viewer: Viewer, value: Any) -> bool:
        """Whether the value (None when absent) is refused to this caller."""
        raise NotImplementedError

    def refusal(self, viewer: Viewer, value: Any) -> ClientError | None:
        """The error for this caller and value, or None when the rule lets them through."""
        if self.binds(viewer) and self.refuses(viewer, value):
            return self.error(self.message, field=self.path)
        return None

    @property
    def named(self) -> str:
        """The input field in the role table's words: `patientId` (a mutation's one argument,
        `input`, left out), `owner`."""
        path = self.path[1:] if self.path[0] == "input" and len(self.path) > 1 else self.path
        return f"`{'.'.join(path)}`"

    def describe(self) -> str:
        """The rule in the role table, for the role it binds."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnPatient(InputRule):
    """Patients: the patient ID given must be their own."""

    def refuses(self, viewer: Viewer, value: Any) -> bool:
        return not _is_patient(value, viewer.patient_id)

    def describe(self) -> str:
        return f"{self.named} their own (else {self.error.code})"


@dataclass(frozen=True, slots=True, kw_only=True)
class NotForPatients(InputRule):
    """Patients may not give this field (null and false count as not given)."""

    def refuses(self, viewer: Viewer, value: Any) -> bool:
        return value is not None and value is not False

    def describe(self) -> str:
        return f"no {self.named}"


@dataclass(frozen=True, slots=True, kw_only=True)
class PatientsGive(InputRule):
    """Patients must give exactly `value` (an enum member) for this field."""

    value: Any

    def refuses(self, viewer: Viewer, value: Any) -> bool:
        return bool(value != self.value)

    def describe(self) -> str:
        return f"{self.named} {self.value.name} only"


@dataclass(frozen=True, slots=True, kw_only=True)
class RequiredOfPatients(InputRule):
    """Patients must give this field (staff may leave it out)."""

    error: type[ClientError] = Validation

    def refuses(self, viewer: Viewer, value: Any) -> bool:
        return value is None

    def describe(self) -> str:
        return f"{self.named} required"


@dataclass(frozen=True, slots=True, kw_only=True)
class OthersForAdmins(InputRule):
    """Staff may name only themselves (their token's subject); a staff admin anyone."""

    role: ClassVar[Role] = Role.STAFF

    def refuses(self, viewer: Viewer, value: Any) -> bool:
        return value is not None and value != viewer.subject

    def describe(self) -> str:
        return f"{self.named} their own"


def _is_patient(value: Any, patient_id: uuid.UUID | None) -> bool:
    """Whether a global ID names the given patient (a malformed one names nobody)."""
    if not isinstance(value, GlobalID) or value.type_name != "Patient" or patient_id is None:
        return False
    try:
        return uuid.UUID(value.node_id) == patient_id
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class RowRule:
    """A rule needing a row the resolver reads; it asks the declared rule when reading it."""

    role: Role
    text: str  # the rule in the role table

    def describe(self) -> str:
        """The rule in the role table, for the role it binds."""
        return self.text


@dataclass(frozen=True, slots=True)
class OwnPatientRow(RowRule):
    """Patients: a row the input names must be one of their own; another's reads as missing."""

    def admits(self, viewer: Viewer, patient_id: uuid.UUID) -> bool:
        """Whether the caller may change a row of this patient."""
        return viewer.may_see_patient(patient_id)


@dataclass(frozen=True, slots=True)
class OnlineBookable(RowRule):
    """Patients: the appointment type must be bookable online."""

    message: ClassVar[str] = "This appointment type cannot be booked online"

    def check(self, viewer: Viewer, bookable_online: bool) -> None:
        """FORBIDDEN (at appointmentTypeId) for a patient naming a type not bookable online."""
        if viewer.is_patient and not bookable_online:
            raise Forbidden(self.message, field="appointmentTypeId")


@dataclass(frozen=True, slots=True)
class OwnSettingsRow(RowRule):
    """Staff: a schedule view or saved search must be their own (a staff admin: anyone's)."""

    def admits(self, viewer: Viewer, owner: str) -> bool:
        """Whether the caller may see and change a row of this owner."""
        return viewer.is_staff_admin or owner == viewer.subject


OWN_APPOINTMENT = OwnPatientRow(Role.PATIENT, "`appointmentId` their own (else NOT_FOUND)")
BOOKABLE_ONLINE = OnlineBookable(Role.PATIENT, "types bookable online only")
OWN_SETTINGS = OwnSettingsRow(Role.STAFF, "their own items (else NOT_FOUND)")

Rule = InputRule | RowRule
