"""Who is asking: the organization and role carried by the request's bearer token."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass


class Role(enum.StrEnum):
    """What kind of caller a token stands for."""

    STAFF = "staff"
    PATIENT = "patient"
    INTEGRATION = "integration"


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

    def may_see_patient(self, patient_id: uuid.UUID) -> bool:
        """Whether this caller may read the given patient's data."""
        return not self.is_patient or patient_id == self.patient_id
