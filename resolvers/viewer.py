"""Who is asking: the organization and role carried by the request's bearer token."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass


class Role(enum.StrEnum):
    """What kind of caller a token stands for."""

    STAFF = "staff"
    # Staff who also see and change other users' schedule views and saved searches.
    STAFF_ADMIN = "staff-admin"
    PATIENT = "patient"
    INTEGRATION = "integration"


def acting_role(role: Role) -> Role:
    """The role a caller's permissions are declared for: a staff admin may do whatever staff
    may (declarations name STAFF; the admin's extra is in the rules that say so)."""
    return Role.STAFF if role is Role.STAFF_ADMIN else role


@dataclass(frozen=True, slots=True)
class Viewer:
    """The authenticated caller of one request."""

    organization_id: uuid.UUID
    role: Role
    subject: str
    # Set for the patient role: the only patient whose data this caller may see.
    patient_id: uuid.UUID | None = None

    @property
    def is_patient(self) -> bool:
        """Whether the caller is a patient (sees only their own data)."""
        return self.role is Role.PATIENT

    @property
    def is_staff(self) -> bool:
        """Whether the caller is staff (a staff admin too)."""
        return acting_role(self.role) is Role.STAFF

    @property
    def is_staff_admin(self) -> bool:
        """Whether the caller may see and change other users' settings."""
        return self.role is Role.STAFF_ADMIN

    def may_see_patient(self, patient_id: uuid.UUID) -> bool:
        """Whether this caller may read the given patient's data."""
        return not self.is_patient or patient_id == self.patient_id
