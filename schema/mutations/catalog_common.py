"""What the managed lists' mutations share: their payloads, and archiving by id and version."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import strawberry

from resolvers.catalogs.entries import Catalog, EntryChange, archive_entry
from schema.info import Info
from schema.mutations.setup_common import USER_ERRORS, SetupUserError, saved
from schema.types.catalogs import AppointmentReason
from schema.types.patient_flow import PatientFlowStatus
from schema.types.practice import ConfirmationStatus

Save = Callable[[], Awaitable[UUID]]


@strawberry.type(description="The result of a change to the confirmation statuses.")
class ConfirmationStatusPayload:
    confirmation_status: ConfirmationStatus | None = strawberry.field(
        description="The created, changed or archived status."
    )
    user_errors: list[SetupUserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The result of a change to the patient flow statuses.")
class PatientFlowStatusPayload:
    flow_status: PatientFlowStatus | None = strawberry.field(
        description="The created, changed or archived status."
    )
    user_errors: list[SetupUserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The result of a change to the cancellation or no-show reasons.")
class AppointmentReasonPayload:
    reason: AppointmentReason | None = strawberry.field(
        description="The created, changed or archived reason."
    )
    user_errors: list[SetupUserError] = strawberry.field(description=USER_ERRORS)


async def confirmation_status_payload(info: Info, call: Save) -> ConfirmationStatusPayload:
    """Run the save; the saved status read fresh, or the userErrors."""
    node, errors = await saved(
        info, call, lambda c: c.loaders.confirmation_statuses, ConfirmationStatus.from_row
    )
    return ConfirmationStatusPayload(confirmation_status=node, user_errors=errors)


async def flow_status_payload(info: Info, call: Save) -> PatientFlowStatusPayload:
    """Run the save; the saved status read fresh, or the userErrors."""
    node, errors = await saved(
        info, call, lambda c: c.loaders.flow_statuses, PatientFlowStatus.from_row
    )
    return PatientFlowStatusPayload(flow_status=node, user_errors=errors)


async def reason_payload(info: Info, call: Save) -> AppointmentReasonPayload:
    """Run the save; the saved reason read fresh, or the userErrors."""
    node, errors = await saved(
        info, call, lambda c: c.loaders.appointment_reasons, AppointmentReason.from_row
    )
    return AppointmentReasonPayload(reason=node, user_errors=errors)


def archiving(
    info: Info, catalog: Catalog, ident: Callable[[], UUID], base_version: int, key: str | None
) -> Save:
    """The save of an archive mutation (the id decoded inside it, so a bad id is a userError)."""

    async def call() -> UUID:
        change = EntryChange(ident=ident(), base_version=base_version, values={})
        return await archive_entry(info.context, catalog, change, idempotency_key=key)

    return call
