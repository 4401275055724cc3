"""The roles and time ranges of an appointment's additional providers as
setAppointmentProviders sets them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from db.queries.booking import TimeRange
from resolvers.errors import Validation
from scheduling.appointment_record import ProviderRole, provider_range_problem

FIELD = "providerRoles"


def roles_after(
    additional: Sequence[uuid.UUID],
    asked: Sequence[tuple[uuid.UUID, ProviderRole]],
    before: Mapping[uuid.UUID, str],
) -> dict[uuid.UUID, str]:
    """Each additional provider's role: as asked, else the one it had, else SECONDARY;
    VALIDATION for a role of a provider that is not an additional one, for a provider named
    twice, and for PRIMARY (the first of providerIds is the primary provider)."""
    given: dict[uuid.UUID, str] = {}
    for provider_id, role in asked:
        if provider_id not in additional:
            raise Validation(
                "A role is for one of the additional providers (providerIds after the first)",
                field=FIELD,
            )
        if provider_id in given:
            raise Validation("A provider's role is given twice", field=FIELD)
        if role is ProviderRole.PRIMARY:
            raise Validation("The first of providerIds is the primary provider", field=FIELD)
        given[provider_id] = role.value
    return {
        provider_id: given.get(provider_id) or before.get(provider_id) or "SECONDARY"
        for provider_id in additional
    }


def roles_change(
    before: Mapping[uuid.UUID, str], after: Mapping[uuid.UUID, str]
) -> dict[str, dict[str, str]]:
    """The history's before and after of the roles other than SECONDARY (by provider id):
    a provider added or removed in the default role is in the providers' change already."""
    return {
        "before": {str(p): role for p, role in before.items() if role != "SECONDARY"},
        "after": {str(p): role for p, role in after.items() if role != "SECONDARY"},
    }


def ranges_after(
    additional: Sequence[uuid.UUID],
    asked: Sequence[tuple[uuid.UUID, int | None, int | None]],
    before: Mapping[uuid.UUID, TimeRange | None],
    visit_minutes: int,
) -> dict[uuid.UUID, TimeRange | None]:
    """Each additional provider's time within the visit: as asked for those named in
    providerRoles (no offsets: the whole visit), else the one it had; VALIDATION when a range
    is not inside the visit (roles_after has checked the providers named)."""
    given: dict[uuid.UUID, TimeRange | None] = {}
    for provider_id, start, end in asked:
        problem = provider_range_problem(start, end, visit_minutes)
        if problem is not None:
            raise Validation(problem, field=FIELD)
        given[provider_id] = None if start is None or end is None else (start, end)
    return {
        provider_id: given[provider_id] if provider_id in given else before.get(provider_id)
        for provider_id in additional
    }


def ranges_change(
    before: Mapping[uuid.UUID, TimeRange | None], after: Mapping[uuid.UUID, TimeRange | None]
) -> dict[str, dict[str, list[int]]]:
    """The history's before and after of the time ranges set (by provider id)."""
    return {
        "before": {str(p): list(span) for p, span in before.items() if span is not None},
        "after": {str(p): list(span) for p, span in after.items() if span is not None},
    }
