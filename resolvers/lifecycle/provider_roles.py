"""The roles of an appointment's additional providers as setAppointmentProviders sets them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from resolvers.errors import Validation
from scheduling.appointment_record import ProviderRole

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
