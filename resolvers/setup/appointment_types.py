"""createAppointmentType and updateAppointmentType (staff): kinds of visit, their booking
rules, and which providers and locations offer them (slot search and booking keep to those)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import setup as links
from db.queries.practice import APPOINTMENT_TYPES
from db.tables import appointment_types
from resolvers.context import RequestContext
from resolvers.errors import Duplicate, Validation
from resolvers.mutation_runner import Transaction, run_row_mutation
from resolvers.outcomes import Written
from resolvers.recalls.common import check_procedure_codes
from resolvers.setup import fields, rows
from resolvers.setup.offers import check_offered_ids
from scheduling.appointment_record import MAX_DISPLAY_ORDER
from scheduling.practice_kinds import CodeMatch, Modality
from scheduling.time_pattern import Segment, pattern_after_change, units_of

MAX_DEPOSIT = Decimal("99999999.99")
# text column (its input field's name too) -> (longest, required non-blank)
TEXTS = {
    "name": (100, True),
    "abbreviation": (10, True),
    "description": (2000, False),
    "category": (100, False),
}
# column -> (input field, lowest, highest)
RANGES = {
    "duration_minutes": ("durationMinutes", 5, 720),
    "max_attendees": ("maxAttendees", 1, 100),
    "booking_lead_time_hours": ("bookingLeadTimeHours", 0, 8760),
    "booking_window_days": ("bookingWindowDays", 1, 730),
    "cancellation_policy_hours": ("cancellationPolicyHours", 0, 8760),
    "display_order": ("displayOrder", 0, MAX_DISPLAY_ORDER),
}


@dataclass(frozen=True, slots=True)
class TypeValues:
    """The columns of a type a client sets; None leaves one as it is (or its default)."""

    name: str | None = None
    abbreviation: str | None = None
    description: str | None = None
    color: str | None = None
    duration_minutes: int | None = None
    max_attendees: int | None = None
    bookable_online: bool | None = None
    booking_lead_time_hours: int | None = None
    booking_window_days: int | None = None
    cancellation_policy_hours: int | None = None
    category: str | None = None
    modality: Modality | None = None
    telehealth: bool | None = None
    deposit_amount: Decimal | None = None
    procedure_codes: tuple[str, ...] | None = None
    archived: bool | None = None
    display_order: int | None = None
    hidden: bool | None = None
    blockout_only: bool | None = None
    required_procedure_codes: tuple[str, ...] | None = None
    required_codes_match: CodeMatch | None = None


@dataclass(frozen=True, slots=True)
class Offers:
    """Who offers a type; None leaves a list as it is, empty means every one."""

    provider_ids: tuple[uuid.UUID, ...] | None = None
    location_ids: tuple[uuid.UUID, ...] | None = None


@dataclass(frozen=True, slots=True)
class TypeChange:
    """A new type (type_id None) or a change to one at base_version."""

    values: TypeValues
    offers: Offers = field(default_factory=Offers)
    # The new time pattern's runs (() removes it); None keeps the stored one.
    time_pattern: tuple[Segment, ...] | None = None
    type_id: uuid.UUID | None = None
    base_version: int | None = None


def _cleaned(values: TypeValues) -> dict[str, Any]:
    """The set columns, checked; VALIDATION naming the first bad field."""
    clean: dict[str, Any] = fields.present(asdict(values))
    for column, (longest, required) in TEXTS.items():
        if column in clean:
            check = fields.text if required else fields.optional_text
            clean[column] = check(clean[column], field=column, longest=longest)
    if "color" in clean:
        clean["color"] = fields.color(clean["color"])
    for column, (name, low, high) in RANGES.items():
        if column in clean:
            clean[column] = fields.whole(clean[column], field=name, low=low, high=high)
    if "deposit_amount" in clean:
        clean["deposit_amount"] = _deposit(clean["deposit_amount"])
    return _with_codes_and_kinds(clean)


def _with_codes_and_kinds(clean: dict[str, Any]) -> dict[str, Any]:
    """The procedure code lists normalized and the enums as stored."""
    for column, name in (
        ("procedure_codes", "procedureCodes"),
        ("required_procedure_codes", "requiredProcedureCodes"),
    ):
        if column in clean:
            clean[column] = list(check_procedure_codes(clean[column], name))
    for column, kind in (("required_codes_match", CodeMatch), ("modality", Modality)):
        if column in clean:
            clean[column] = kind(clean[column]).value
    return clean


def _deposit(amount: Decimal) -> Decimal:
    if not amount.is_finite() or not Decimal(0) <= amount <= MAX_DEPOSIT:
        raise Validation(
            f"depositAmount must be between 0 and {MAX_DEPOSIT}", field="depositAmount"
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise Validation("depositAmount has at most two decimal places", field="depositAmount")
    return amount.quantize(Decimal("0.01"))


def _check_telehealth(row: dict[str, Any]) -> None:
    """A telehealth visit happens by video or phone."""
    if row.get("telehealth") and row.get("modality", Modality.IN_PERSON) == Modality.IN_PERSON:
        raise Validation("A telehealth type must have modality VIDEO or PHONE", field="telehealth")


def _with_pattern(
    clean: dict[str, Any], change: TypeChange, units: list[str], duration: int
) -> dict[str, Any]:
    """The columns with the new time pattern's units; VALIDATION when the pattern (new, or
    the stored one under a new duration) does not fill the duration."""
    problem = pattern_after_change(units, change.time_pattern, duration)
    if problem is not None:
        raise Validation(problem, field="timePattern")
    if change.time_pattern is None:
        return clean
    return {**clean, "time_pattern": units_of(change.time_pattern)}


def name_taken(name: str | None) -> Duplicate:
    """DUPLICATE: the organization has a type of this name (its unique constraint)."""
    return Duplicate(f"An appointment type named {name!r} exists already", field="name")


async def _write_offers(
    connection: AsyncConnection, ctx: RequestContext, ident: uuid.UUID, offers: Offers
) -> dict[str, Any]:
    """Replace the type's providers and locations that the change names; what was set."""
    org = ctx.viewer.organization_id
    written: dict[str, Any] = {}
    for link, ids, name in (
        ("type_providers", offers.provider_ids, "providerIds"),
        ("type_locations", offers.location_ids, "locationIds"),
    ):
        if ids is None:
            continue
        await check_offered_ids(connection, ctx, link, ids, field=name)
        await links.replace_links(
            connection, link=link, organization_id=org, owner_id=ident, linked=ids
        )
        written[link] = list(ids)
    return written


async def save_appointment_type(
    ctx: RequestContext, change: TypeChange, *, idempotency_key: str | None
) -> uuid.UUID:
    """Create a type (change.type_id None) or change one; its id."""
    clean = _cleaned(change.values)
    creating = change.type_id is None
    if creating:
        missing = [
            n for n in ("name", "abbreviation", "color", "duration_minutes") if n not in clean
        ]
        if missing:
            raise Validation(f"{missing[0]} is required", field=missing[0])
        _check_telehealth(clean)
        clean = _with_pattern(clean, change, [], clean["duration_minutes"])

    async def work(tx: Transaction) -> Written:
        connection = tx.connection
        if change.type_id is None:
            ident = await rows.insert_row(tx, ctx, appointment_types, clean)
            await _write_offers(connection, ctx, ident, change.offers)
            return Written(ident)
        row = await rows.locked_row(
            connection,
            ctx,
            APPOINTMENT_TYPES,
            change.type_id,
            field="appointmentTypeId",
            label="appointment type",
        )
        rows.check_version(row, change.base_version or 0)
        _check_telehealth({"telehealth": row.telehealth, "modality": row.modality, **clean})
        duration = clean.get("duration_minutes", row.duration_minutes)
        columns = _with_pattern(clean, change, list(row.time_pattern), duration)
        offered = await _write_offers(connection, ctx, row.id, change.offers)
        await rows.update_row(tx, ctx, appointment_types, row, columns, audited=offered)
        return Written(row.id)

    return await run_row_mutation(
        ctx,
        work,
        name="createAppointmentType" if creating else "updateAppointmentType",
        idempotency_key=idempotency_key,
        request={**asdict(change), **clean},
        duplicate=name_taken(clean.get("name")),
    )
