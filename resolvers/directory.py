"""Root lists of the practice directory: locations, providers, types, patients."""

from __future__ import annotations

from db.queries import practice as queries
from db.queries import provider_list
from db.queries.keyset import position_of
from db.rows.practice import (
    AppointmentTypeRow,
    ConfirmationStatusRow,
    FlowStatusRow,
    LocationRow,
    OrganizationRow,
    PatientRow,
    ProviderRow,
)
from resolvers.context import RequestContext
from resolvers.cursors import CursorList
from resolvers.known_ids import ensure_location
from resolvers.pages import Page, page_of, page_request


async def organization(ctx: RequestContext) -> OrganizationRow | None:
    """The caller's organization."""
    return await queries.organization(ctx.db, organization_id=ctx.viewer.organization_id)


async def locations(ctx: RequestContext) -> list[LocationRow]:
    """Every location of the caller's organization."""
    return await queries.all_locations(ctx.db, organization_id=ctx.viewer.organization_id)


PROVIDERS = CursorList("providers", tuple(key.kind for key in provider_list.PROVIDER_ORDER))


async def providers(
    ctx: RequestContext, where: provider_list.ProviderFilter, *, first: int, after: str | None
) -> Page[ProviderRow]:
    """A page of the organization's providers matching `where`, by name; NOT_FOUND for an
    unknown location."""
    request = page_request(first, after, PROVIDERS)
    await ensure_location(ctx, where.location_id)
    rows = await provider_list.list_providers(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        where=where,
        after=request.after,
        limit=request.limit,
    )
    return page_of(
        rows, request, PROVIDERS, lambda row: position_of(row, provider_list.PROVIDER_ORDER)
    )


async def provider_count(ctx: RequestContext, where: provider_list.ProviderFilter) -> int:
    """How many providers `providers` pages through."""
    return await provider_list.count_providers(
        ctx.db, organization_id=ctx.viewer.organization_id, where=where
    )


async def appointment_types(
    ctx: RequestContext, *, include_archived: bool, include_hidden: bool, search: str | None
) -> list[AppointmentTypeRow]:
    """The organization's appointment types (those whose name contains `search`)."""
    return await queries.all_appointment_types(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        include_archived=include_archived,
        include_hidden=include_hidden,
        search=(search or "").strip() or None,
    )


async def confirmation_statuses(
    ctx: RequestContext, *, include_inactive: bool
) -> list[ConfirmationStatusRow]:
    """The organization's confirmation statuses."""
    return await queries.all_confirmation_statuses(
        ctx.db, organization_id=ctx.viewer.organization_id, include_inactive=include_inactive
    )


async def flow_statuses(ctx: RequestContext, *, include_inactive: bool) -> list[FlowStatusRow]:
    """The organization's patient flow statuses."""
    return await queries.all_flow_statuses(
        ctx.db, organization_id=ctx.viewer.organization_id, include_inactive=include_inactive
    )


PATIENTS = CursorList("patients", tuple(key.kind for key in queries.PATIENT_ORDER))


async def patients(
    ctx: RequestContext, *, search: str | None, first: int, after: str | None
) -> Page[PatientRow]:
    """A page of the patients matching the search; a patient caller only ever finds themselves."""
    request = page_request(first, after, PATIENTS)
    viewer = ctx.viewer
    rows = await queries.search_patients(
        ctx.db,
        organization_id=viewer.organization_id,
        search=search,
        only_patient_id=viewer.patient_id if viewer.is_patient else None,
        after=request.after,
        limit=request.limit,
    )
    return page_of(rows, request, PATIENTS, lambda row: position_of(row, queries.PATIENT_ORDER))


async def patient_count(ctx: RequestContext, *, search: str | None) -> int:
    """How many patients the search matches (for a patient caller: themselves, if at all)."""
    viewer = ctx.viewer
    return await queries.count_patients(
        ctx.db,
        organization_id=viewer.organization_id,
        search=search,
        only_patient_id=viewer.patient_id if viewer.is_patient else None,
    )
