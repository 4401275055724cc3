"""Every model's table as a typed `Table`, for Core statements (select, insert, update, delete).

SQLAlchemy types a declarative class's `__table__` as a FromClause (a class may map a join or a
subquery); every model here maps a Table, and `table_of` says so once, checked, instead of a
`type: ignore` wherever a statement needs `insert()` or `update()`.
"""

from __future__ import annotations

from sqlalchemy import Table

from db.models import (
    Appointment,
    AppointmentHistory,
    AppointmentProcedure,
    AppointmentProvider,
    AppointmentReason,
    AppointmentType,
    AppointmentTypeOverlapRule,
    Base,
    Blockout,
    BlockoutTemplate,
    BlockoutTemplateItem,
    BlockoutType,
    ChangeCounter,
    ChangeLog,
    ConfirmationStatus,
    IdempotencyKey,
    Location,
    Operatory,
    Organization,
    Patient,
    PatientChartCounter,
    PatientFlowEvent,
    PatientFlowStatus,
    PatientRecall,
    ProductionGoal,
    Provider,
    ProviderScheduleOverride,
    ProviderScheduleTemplate,
    ProviderSlot,
    RecallBookingType,
    RecallTrigger,
    RecallType,
    ScheduleNote,
    WaitlistContact,
    WaitlistEntry,
    WaitlistHistory,
)


def table_of(model: type[Base]) -> Table:
    """The Table a model maps."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} maps no Table")
    return table


organizations = table_of(Organization)
locations = table_of(Location)
operatories = table_of(Operatory)
providers = table_of(Provider)
patients = table_of(Patient)
appointment_types = table_of(AppointmentType)
confirmation_statuses = table_of(ConfirmationStatus)
flow_statuses = table_of(PatientFlowStatus)
appointment_reasons = table_of(AppointmentReason)
chart_counters = table_of(PatientChartCounter)

appointments = table_of(Appointment)
appointment_providers = table_of(AppointmentProvider)
appointment_procedures = table_of(AppointmentProcedure)
appointment_history = table_of(AppointmentHistory)
provider_slots = table_of(ProviderSlot)
flow_events = table_of(PatientFlowEvent)
idempotency_keys = table_of(IdempotencyKey)

schedule_templates = table_of(ProviderScheduleTemplate)
schedule_overrides = table_of(ProviderScheduleOverride)
schedule_notes = table_of(ScheduleNote)
overlap_rules = table_of(AppointmentTypeOverlapRule)

blockout_types = table_of(BlockoutType)
blockouts = table_of(Blockout)
blockout_templates = table_of(BlockoutTemplate)
blockout_template_items = table_of(BlockoutTemplateItem)

recall_types = table_of(RecallType)
recall_triggers = table_of(RecallTrigger)
recall_booking_types = table_of(RecallBookingType)
patient_recalls = table_of(PatientRecall)

production_goals = table_of(ProductionGoal)

waitlist_entries = table_of(WaitlistEntry)
waitlist_contacts = table_of(WaitlistContact)
waitlist_history = table_of(WaitlistHistory)

change_log = table_of(ChangeLog)
change_counters = table_of(ChangeCounter)
