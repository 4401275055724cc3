"""GraphQL documents and helpers shared by the per-user settings tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select

from db.models import PatientSchedulingPreference, SavedSearch, ScheduleView, SetupChange
from resolvers.viewer import Viewer

ERRORS = "userErrors { field code message }"
VIEW_FIELDS = "name shortcut isDefault version operatories { id } providers { id }"
CREATE_VIEW = f"""
mutation ($input: CreateScheduleViewInput!) {{
  createScheduleView(input: $input) {{ scheduleView {{ id {VIEW_FIELDS} }} {ERRORS} }}
}}
"""
UPDATE_VIEW = f"""
mutation ($input: UpdateScheduleViewInput!) {{
  updateScheduleView(input: $input) {{ scheduleView {{ id {VIEW_FIELDS} }} {ERRORS} }}
}}
"""
DELETE_VIEW = f"""
mutation ($input: DeleteScheduleViewInput!) {{
  deleteScheduleView(input: $input) {{ deletedId {ERRORS} }}
}}
"""
MY_VIEWS = f"""
query ($first: Int!, $after: String) {{
  myScheduleViews(first: $first, after: $after) {{
    totalCount edges {{ node {{ id {VIEW_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""
FILTER_FIELDS = "locationIds providerIds patientIds operatoryIds statuses from to"
SEARCH_FIELDS = f"name version appointmentFilter {{ {FILTER_FIELDS} }}"
CREATE_SEARCH = f"""
mutation ($input: CreateSavedSearchInput!) {{
  createSavedSearch(input: $input) {{ savedSearch {{ id {SEARCH_FIELDS} }} {ERRORS} }}
}}
"""
UPDATE_SEARCH = f"""
mutation ($input: UpdateSavedSearchInput!) {{
  updateSavedSearch(input: $input) {{ savedSearch {{ id {SEARCH_FIELDS} }} {ERRORS} }}
}}
"""
DELETE_SEARCH = f"""
mutation ($input: DeleteSavedSearchInput!) {{
  deleteSavedSearch(input: $input) {{ deletedId {ERRORS} }}
}}
"""
MY_SEARCHES = f"""
query {{ mySavedSearches(first: 10) {{ totalCount edges {{ node {{ id {SEARCH_FIELDS} }} }} }} }}
"""
PREFERENCE_FIELDS = """
  schedulingPreferences {
    daysOfWeek timeWindows { start end } version
    preferredProviders { id } preferredLocations { id }
  }
"""
UPDATE_PREFERENCES = f"""
mutation ($input: UpdatePatientSchedulingPreferencesInput!) {{
  updatePatientSchedulingPreferences(input: $input) {{
    patient {{ id {PREFERENCE_FIELDS} }} {ERRORS}
  }}
}}
"""
PATIENT_PREFERENCES = f"""
query ($id: ID!) {{ node(id: $id) {{ ... on Patient {{ {PREFERENCE_FIELDS} }} }} }}
"""
TABLES = (PatientSchedulingPreference, ScheduleView, SavedSearch, SetupChange)


async def settings_state(engine) -> tuple[Any, ...]:
    """Every settings row and audit entry: what a refused mutation must leave as it was."""
    state = []
    async with engine.connect() as connection:
        for model in TABLES:
            table = model.__table__
            rows = (await connection.execute(select(table).order_by(*table.primary_key))).all()
            state.append(tuple(rows))
    return tuple(state)


def colleague(viewer: Viewer, subject: str = "staff-colleague") -> Viewer:
    """Another staff user of the same organization."""
    return replace(viewer, subject=subject)


def only_error(payload: dict[str, Any]) -> tuple[list[str] | None, str]:
    """The field and code of a payload's one userError."""
    [error] = payload["userErrors"]
    return error["field"], error["code"]
