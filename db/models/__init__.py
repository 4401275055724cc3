"""SQLAlchemy typed models; every row belongs to an organization."""

from db.models.appointments import (
    Appointment,
    AppointmentHistory,
    AppointmentProcedure,
    AppointmentProvider,
    IdempotencyKey,
    ProviderSlot,
)
from db.models.base import Base
from db.models.blockouts import Blockout, BlockoutTemplate, BlockoutTemplateItem, BlockoutType
from db.models.catalogs import AppointmentReason, PatientChartCounter
from db.models.changes import ChangeCounter, ChangeLog
from db.models.demo_seed import DemoSeed
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
from db.models.production import ProductionGoal
from db.models.recalls import PatientRecall, RecallBookingType, RecallTrigger, RecallType
from db.models.schedules import (
    AppointmentTypeOverlapRule,
    ProviderScheduleOverride,
    ProviderScheduleTemplate,
    ScheduleNote,
)
from db.models.setup import (
    AppointmentTypeLocation,
    AppointmentTypeProvider,
    ProviderLocation,
    SetupChange,
)
from db.models.user_settings import PatientSchedulingPreference, SavedSearch, ScheduleView
from db.models.waitlist import WaitlistContact, WaitlistEntry, WaitlistHistory

__all__ = [
    "Appointment",
    "AppointmentHistory",
    "AppointmentProcedure",
    "AppointmentProvider",
    "AppointmentReason",
    "AppointmentType",
    "AppointmentTypeLocation",
    "AppointmentTypeOverlapRule",
    "AppointmentTypeProvider",
    "Base",
    "Blockout",
    "BlockoutTemplate",
    "BlockoutTemplateItem",
    "BlockoutType",
    "ChangeCounter",
    "ChangeLog",
    "ConfirmationStatus",
    "DemoSeed",
    "IdempotencyKey",
    "Location",
    "Operatory",
    "Organization",
    "Patient",
    "PatientChartCounter",
    "PatientFlowEvent",
    "PatientFlowStatus",
    "PatientRecall",
    "PatientSchedulingPreference",
    "ProductionGoal",
    "Provider",
    "ProviderLocation",
    "ProviderScheduleOverride",
    "ProviderScheduleTemplate",
    "ProviderSlot",
    "RecallBookingType",
    "RecallTrigger",
    "RecallType",
    "SavedSearch",
    "ScheduleNote",
    "ScheduleView",
    "SetupChange",
    "WaitlistContact",
    "WaitlistEntry",
    "WaitlistHistory",
]
