"""Who may call a root field or mutation: one `Access` value declared on each field.

The schema enforces the declarations in one place (schema/permissions.py) before any
resolver runs and exports them as the README's role table. Rules finer than a role are
declared with it too (`rules`, resolvers/access_rules.py): a patient books only for
themselves, only staff double-book. Those over the input are checked with the role, before
the input rules, the resolver and any transaction; those needing a row (the appointment is
the patient's) are asked by the resolver reading it. `patient_own` / `staff_own` mark the
role table's "own records" cell where such rules, or the resolver's reads, keep a caller to
their own records.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from resolvers.access_rules import (
    BOOKABLE_ONLINE,
    OWN_APPOINTMENT,
    OWN_SETTINGS,
    NotForPatients,
    OthersForAdmins,
    OwnPatient,
    PatientsGive,
    RequiredOfPatients,
    Rule,
)
from resolvers.errors import NotFound
from resolvers.lifecycle.cancel import CancelledBy
from resolvers.viewer import Role, acting_role
from scheduling.appointment_status import AppointmentStatus

# The key of the declaration in a Strawberry field's `metadata`.
ACCESS_KEY = "slotgraph.access"


class Grant(enum.StrEnum):
    """What one role may do with one field (a cell of the role table)."""

    YES = "yes"
    OWN = "own records"
    NO = "no"


@dataclass(frozen=True, slots=True)
class Access:
    """The roles that may call a field; `patient_own`: patients only for their own records,
    `staff_own`: staff only for their own (a staff admin for everyone's); `rules`: the finer
    rules, in the order they are checked. A staff admin may call what staff may."""

    roles: frozenset[Role]
    patient_own: bool = False
    staff_own: bool = False
    # What a refused caller is told (FORBIDDEN).
    refusal: str = "This role may not use this field"
    rules: tuple[Rule, ...] = ()

    def allows(self, role: Role) -> bool:
        """Whether a caller with this role may call the field at all."""
        return acting_role(role) in self.roles

    def grant(self, role: Role) -> Grant:
        """The role table's cell for a role."""
        if not self.allows(role):
            return Grant.NO
        own = (role is Role.PATIENT and self.patient_own) or (role is Role.STAFF and self.staff_own)
        return Grant.OWN if own else Grant.YES


def allow(
    *roles: Role,
    patient_own: bool = False,
    staff_own: bool = False,
    refusal: str,
    rules: tuple[Rule, ...] = (),
) -> Mapping[str, Access]:
    """Field metadata declaring who may call it: `metadata=allow(Role.STAFF, refusal=...)`."""
    if patient_own and Role.PATIENT not in roles:
        raise ValueError("patient_own needs the patient role")
    if staff_own and Role.STAFF not in roles:
        raise ValueError("staff_own needs the staff role")
    unbound = [rule for rule in rules if rule.role not in roles]
    if unbound:  # a rule for a role the field refuses anyway would never run
        raise ValueError(f"rules for roles the field does not admit: {unbound}")
    access = Access(
        frozenset(roles), patient_own=patient_own, staff_own=staff_own, refusal=refusal, rules=rules
    )
    return {ACCESS_KEY: access}


STAFF = Role.STAFF
INTEGRATION = Role.INTEGRATION
PATIENT = Role.PATIENT

# Declarations shared by whole families of fields.
EVERYONE = allow(STAFF, INTEGRATION, PATIENT, refusal="")
EVERYONE_OWN = allow(STAFF, INTEGRATION, PATIENT, patient_own=True, refusal="")

# Appointments: patients book, confirm, move and cancel their own; the rest is the practice's.
STAFF_DETAILS = "Only staff may set these details"
NO_DOUBLE_BOOKING = NotForPatients(
    path=("input", "allowOverlap"), message="Only staff may double-book on purpose"
)
NO_POLICY_OVERRIDE = NotForPatients(
    path=("input", "overridePolicy"), message="Only staff may override the cancellation policy"
)
BOOKING_RULES = (
    OwnPatient(path=("input", "patientId"), message="Patients may only book for themselves"),
    NO_DOUBLE_BOOKING,
    NotForPatients(path=("input", "patientRecallIds"), message="Only staff may book recalls"),
    NotForPatients(
        path=("input", "procedureCodes"), message="Only staff may record procedure codes"
    ),
    PatientsGive(
        path=("input", "status"),
        value=AppointmentStatus.SCHEDULED,
        message="Patients book scheduled visits only",
    ),
    NotForPatients(path=("input", "askToArriveMinutes"), message=STAFF_DETAILS),
    NotForPatients(path=("input", "colorOverride"), message=STAFF_DETAILS),
    NotForPatients(path=("input", "tags"), message=STAFF_DETAILS),
    RequiredOfPatients(
        path=("input", "appointmentTypeId"), message="Patients must choose an appointment type"
    ),
    BOOKABLE_ONLINE,
)


def self_service(*rules: Rule) -> Mapping[str, Access]:
    """Staff, integrations, and patients for their own appointments, with `rules`."""
    return allow(STAFF, INTEGRATION, PATIENT, patient_own=True, refusal="", rules=rules)


BOOKERS = self_service(*BOOKING_RULES)
HOLD_CONFIRMERS = self_service(OWN_APPOINTMENT)
MOVERS = self_service(NO_DOUBLE_BOOKING, NO_POLICY_OVERRIDE, OWN_APPOINTMENT)
CANCELLERS = self_service(
    PatientsGive(
        path=("input", "cancelledBy"),
        value=CancelledBy.PATIENT,
        message="A patient's cancellation is cancelled by the patient",
    ),
    NO_POLICY_OVERRIDE,
    OWN_APPOINTMENT,
)
# Patients search slots for types bookable online only.
SLOT_READERS = allow(STAFF, INTEGRATION, PATIENT, refusal="", rules=(BOOKABLE_ONLINE,))
APPOINTMENT_IMPORTERS = allow(STAFF, INTEGRATION, refusal="Patients cannot import appointments")
LOCATION_EDITORS = allow(STAFF, refusal="Only staff may create locations")
SETUP_EDITORS = allow(STAFF, refusal="Only staff may change the practice setup")
FLOW_EDITORS = allow(
    STAFF, INTEGRATION, refusal="Only the practice may set the patient flow status"
)
SCHEDULE_EDITORS = allow(STAFF, refusal="Only staff may change provider schedules")
NOTE_EDITORS = allow(STAFF, refusal="Only staff may change schedule notes")
OVERLAP_RULE_EDITORS = allow(STAFF, refusal="Only staff may change appointment type overlap rules")
BLOCKOUT_EDITORS = allow(STAFF, refusal="Only staff may change blockouts")
PRODUCTION_GOAL_EDITORS = allow(STAFF, refusal="Only staff may change production goals")
WAITLIST_USERS = allow(
    STAFF, INTEGRATION, refusal="Only staff and integrations may use the waitlist"
)
# Per-user settings: schedule views and saved searches belong to the token's subject; a staff
# admin sees and changes everyone's.
SETTINGS_REFUSAL = "Only staff keep schedule views and saved searches"
SETTINGS_OWNERS = allow(STAFF, staff_own=True, refusal=SETTINGS_REFUSAL, rules=(OWN_SETTINGS,))
# The lists take `owner`: another user's are a staff admin's to list.
SETTINGS_LISTERS = allow(
    STAFF,
    staff_own=True,
    refusal=SETTINGS_REFUSAL,
    rules=(
        OthersForAdmins(
            path=("owner",), message="Only a staff admin may list another user's settings"
        ),
    ),
)
VIEW_TEMPLATE_READERS = allow(STAFF, refusal="Only staff may read schedule view templates")
PREFERENCE_EDITORS = allow(
    STAFF,
    INTEGRATION,
    PATIENT,
    patient_own=True,
    refusal="",
    # Another patient's preferences are as unknown to a patient as a missing patient.
    rules=(
        OwnPatient(path=("input", "patientId"), message="No patient with this ID", error=NotFound),
    ),
)
RECALL_EDITORS = allow(STAFF, INTEGRATION, refusal="Only staff and integrations may change recalls")

# Reads of the practice as a whole: not for patients.
CALENDAR_READERS = allow(STAFF, INTEGRATION, refusal="Patients cannot read the practice calendar")
CONFLICT_READERS = allow(
    STAFF, INTEGRATION, refusal="Patients cannot preview the practice's conflicts"
)
SCHEDULE_READERS = allow(STAFF, INTEGRATION, refusal="Patients cannot read the practice schedule")
BLOCKOUT_READERS = allow(
    STAFF, INTEGRATION, refusal="Patients cannot read the practice's blockouts"
)
PRODUCTION_READERS = allow(STAFF, INTEGRATION, refusal="Patients cannot read production figures")
RECALL_READERS = allow(STAFF, INTEGRATION, refusal="Patients cannot read the practice's recalls")
PREFERENCE_READERS = allow(
    STAFF, INTEGRATION, refusal="Patients cannot list other patients' preferences"
)


def staff_only(what: str) -> Mapping[str, Access]:
    """Staff alone may call the field; others are told they may not `what`."""
    return allow(STAFF, refusal=f"Only staff may {what}")
