"""The patients root field: a search paged by name."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import directory
from resolvers.access import EVERYONE_OWN
from schema.info import Info
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.practice import Patient


@strawberry.type(description="A page of patients by last name, first name, then id.")
class PatientConnection(CountedConnection[Patient]):
    pass


async def resolve_patients(
    info: Info,
    search: Annotated[str | None, strawberry.argument(description="Words to match.")] = None,
    first: FirstArg = 20,
    after: AfterArg = None,
) -> PatientConnection:
    """A page of the patients matching the search."""
    ctx = info.context
    page = await directory.patients(ctx, search=search, first=first, after=after)
    return PatientConnection.from_page(
        page, Patient.from_row, count=lambda: directory.patient_count(ctx, search=search)
    )


patients_field = strawberry.field(
    metadata=EVERYONE_OWN,
    resolver=resolve_patients,
    description=(
        "Patients whose names, chart number or email start with every word of `search` (or "
        "whose phone contains it, or, for a word written YYYY-MM-DD, who were born that day), "
        "by name, `first` at a time after the cursor `after` (no search: every patient). A "
        "patient finds only themselves."
    ),
)
