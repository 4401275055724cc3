"""Who may call a root field or mutation: one `Access` value declared on each field.

The schema enforces the declarations in one place (schema/permissions.py) before any
resolver runs and exports them as the README's role table. Rules finer than a role (a
patient books only for themselves, only staff double-book) stay with the resolvers; the
declaration says `own` for the patient where such an ownership rule applies.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from resolvers.viewer import Role, acting_role

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
    `staff_own`: staff only for their own (a staff admin for everyone's). A staff admin may
    call what staff may."""

    roles: frozenset[Role]
    patient_own: bool = False
    staff_own: bool = False
    # What a refused caller is told (FORBIDDEN).
    refusal: str = "This role may not use this field"

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
    *roles: Role, patient_own: bool = False, staff_own: bool = False, refusal: str
) -> Mapping[str, Access]:
    """Field metadata declaring who may call it: `metadata=allow(Role.STAFF, refusal=...)`."""
    if patient_own and Role.PATIENT not in roles:
        raise ValueError("patient_own needs the patient role")
    if staff_own and Role.STAFF not in roles:
        raise ValueError("staff_own needs the staff role")
    return {
        ACCESS_KEY: Access(
            frozenset(roles), patient_own=patient_own, staff_own=staff_own, refusal=refusal
        )
    }


STAFF = Role.STAFF
INTEGRATION = Role.INTEGRATION
PATIENT = Role.PATIENT

# Declarations shared by whole families of fields.
EVERYONE = allow(STAFF, INTEGRATION, PATIENT, refusal="")
EVERYONE_OWN = allow(STAFF, INTEGRATION, PATIENT, patient_own=True, refusal="")

# Appointments: patients book, confirm, move and cancel their own; the rest is the practice's.
APPOINTMENT_SELF_SERVICE = allow(STAFF, INTEGRATION, PATIENT, patient_own=True, refusal="")
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
SETTINGS_OWNERS = allow(
    STAFF, staff_own=True, refusal="Only staff keep schedule views and saved searches"
)
VIEW_TEMPLATE_READERS = allow(STAFF, refusal="Only staff may read schedule view templates")
PREFERENCE_EDITORS = allow(STAFF, INTEGRATION, PATIENT, patient_own=True, refusal="")
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
