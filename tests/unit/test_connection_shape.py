"""The schema's one list dialect (README: Conventions): every list that can grow is a
connection of one shape, and every plain list is one the README names as bounded."""

from __future__ import annotations

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    get_named_type,
)

from schema.assembled import schema

# Plain lists and why each stays one: what bounds it (README: Conventions).
BOUNDED = {
    # configuration an organization sets up, loaded whole into pickers
    "Query.locations", "Query.appointmentTypes",
    "Query.confirmationStatuses", "Query.patientFlowStatuses", "Query.blockoutTypes",
    "Query.blockoutTemplates", "Query.recallTypes", "Query.recallTriggers",
    "Query.scheduleTemplates", "Query.appointmentTypeOverlapRules", "Location.operatories",
    "BlockoutTemplate.items", "Provider.locations", "AppointmentType.offeredBy",
    "AppointmentType.offeredAt", "Query.appointmentReasons",
    # which appointment types book which recall types (at most 50 per recall type)
    "RecallType.appointmentTypes", "AppointmentType.recallTypes",
    # one item per entry of a list above (and one for none)
    "Query.appointmentCountsByReason", "AppointmentCountsByLocation.locations",
    "AppointmentCountsByLocation.statuses",
    # one item per local day (at most 31), provider and flow step: the configuration above
    "Query.patientFlowStats",
    # a day, a week, a month, or a range of at most 366 days with one item per day
    "CalendarDay.appointments", "CalendarDay.operatories", "CalendarDay.providerSchedules",
    "CalendarDay.blockouts", "CalendarWeek.days", "CalendarWeek.operatories",
    "CalendarMonth.days", "Query.locationSchedules", "Query.scheduleNotes",
    "ProductionSummary.byDay", "ProductionSummary.byProvider", "ResolvedSchedule.periods",
    # one object's parts
    "Appointment.providers", "Appointment.additionalProviders", "Appointment.procedureCodes",
    "Appointment.flowEvents", "Appointment.recalls", "AppointmentType.procedureCodes",
    "Patient.recalls", "WaitlistEntry.preferredDays", "WaitlistEntry.additionalLocations",
    "HistoryEntry.changes", "SetupChange.changes", "Appointment.tags", "Appointment.procedures",
    "Appointment.providerAssignments", "AppointmentType.requiredProcedureCodes",
    "BlockoutTemplate.weekdays", "Appointment.flowStays", "Appointment.flowStepTimes",
    # a type's time pattern: at most one stretch per 5 minutes of its duration (at most 144)
    "AppointmentType.timePattern", "AppointmentType.effectiveTimePattern",
    # one user's or patient's settings: check constraints hold each list to 50 (7 days, 12
    # windows), a saved filter's ids to 100 each (as appointments' filter)
    "PatientSchedulingPreferences.daysOfWeek", "PatientSchedulingPreferences.timeWindows",
    "PatientSchedulingPreferences.preferredProviders",
    "PatientSchedulingPreferences.preferredLocations", "ScheduleView.operatories",
    "ScheduleView.providers", "SavedAppointmentFilter.locationIds",
    "SavedAppointmentFilter.providerIds", "SavedAppointmentFilter.patientIds",
    "SavedAppointmentFilter.operatoryIds", "SavedAppointmentFilter.statuses",
    "PatientSchedulingPreferences.preferredOperatories", "SavedSlotSearch.providerIds",
    # the product's preset view displays, six, defined in code
    "Query.scheduleViewTemplates",
    # what the request itself bounds: its ids, its proposal, a ranking's or a search's `first`
    "Query.nodes", "ConflictCheck.reasons", "ConflictCheck.conflicts", "Query.quickFill",
    "Query.availableSlots",
    # one import row's result: its one error, if any
    "ImportRowResult.errors",
}  # fmt: skip
# Payloads and errors hold what one mutation did or refused: bounded by its input.
BY_ONE_MUTATION = ("Payload", "UserError")


def is_list(field_type: GraphQLOutputType) -> bool:
    """Whether the type is a list (nullable or not)."""
    inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    return isinstance(inner, GraphQLList)


def object_types() -> list[GraphQLObjectType]:
    return [
        t
        for name, t in schema._schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and not name.startswith("__")
    ]


def test_every_plain_list_is_one_the_readme_names_as_bounded():
    plain = {
        f"{t.name}.{name}"
        for t in object_types()
        if not t.name.endswith(BY_ONE_MUTATION) and not t.name.endswith("Connection")
        for name, field in t.fields.items()
        if is_list(field.type)
    }
    assert plain == BOUNDED


def test_every_connection_has_the_one_shape_and_its_paging_arguments():
    connections = [t for t in object_types() if t.name.endswith("Connection")]
    assert len(connections) >= 8
    for connection in connections:
        fields = set(connection.fields)
        assert fields in ({"edges", "pageInfo"}, {"edges", "pageInfo", "totalCount"}), connection
        assert str(connection.fields["pageInfo"].type) == "PageInfo!"
        edge = get_named_type(connection.fields["edges"].type)
        node = connection.name.removesuffix("Connection")
        assert str(connection.fields["edges"].type) == f"[{node}Edge!]!"
        assert {n: str(f.type) for n, f in edge.fields.items()} == {
            "cursor": "String!",
            "node": f"{node}!",
        }
    paged = [
        (t.name, name, field)
        for t in object_types()
        for name, field in t.fields.items()
        if get_named_type(field.type).name.endswith("Connection")
    ]
    assert len(paged) >= len(connections)
    for type_name, name, field in paged:
        first, after = field.args["first"], field.args["after"]
        assert str(first.type) == "Int!", (type_name, name)
        assert 1 <= first.default_value <= 100, (type_name, name)
        assert str(after.type) == "String", (type_name, name)
        assert str(field.type).endswith("Connection!"), (type_name, name)
