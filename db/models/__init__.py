"""SQLAlchemy typed models; every row belongs to an organization."""

from db.models.appointments import (
    Appointment,
    AppointmentHistory,
    AppointmentProvider,
    IdempotencyKey,
    ProviderSlot,
)
from db.models.base import Base
from db.models.patient_flow import PatientFlowEvent, PatientFlowStatus
from db.models.practice import (
    AppointmentType,
    ConfirmationStatus,
    Location,
    Operatory,
    Organization,
    Patient,
    Provider,
)

__all__ = [
    "Appointment",
    "AppointmentHistory",
    "AppointmentProvider",
    "AppointmentType",
    "Base",
    "ConfirmationStatus",
    "IdempotencyKey",
    "Location",
    "Operatory",
    "Organization",
    "Patient",
    "PatientFlowEvent",
    "PatientFlowStatus",
    "Provider",
    "ProviderSlot",
]
