"""What blockout mutations share: input checks, references and local times at a location."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.blockouts import BLOCKOUT_TEMPLATES, BLOCKOUT_TYPES
from db.rows.blockouts import BlockoutTemplateRow, BlockoutTypeRow
from db.rows.practice import OperatoryRow
from db.shapes import all_as
from db.tables import operatories
from resolvers.errors import NotFound, Validation
from resolvers.input_limits import check_length
from resolvers.lifecycle.references import require
from resolvers.wall_clock import Occurrence, local_instant
from scheduling.local_time import start_of_local_day

COLOR = re.compile(r"#[0-9a-fA-F]{6}")
MAX_OPERATORIES = 100


@dataclass(frozen=True, slots=True)
class LocalSpan:
    """A local date with start and end times at a location; an end of 00:00 ends the day."""

    day: date
    start: time
    end: time
    start_occurrence: Occurrence | None = None
    end_occurrence: Occurrence | None = None


def text(value: str, *, field: str, label: str, longest: int) -> str:
    """The value trimmed, or Validation unless it has 1 to `longest` characters."""
    clean = value.strip()
    if not 1 <= len(clean) <= longest:
        raise Validation(f"{label} must be 1 to {longest} characters", field=field)
    return clean


def color(value: str) -> str:
    """A #rrggbb color, or Validation."""
    if not COLOR.fullmatch(value):
        raise Validation("color must be #rrggbb", field="color")
    return value.lower()


def sort_order(value: int) -> int:
    """A display position in range, or Validation."""
    if not -10_000 <= value <= 10_000:
        raise Validation("sortOrder must be between -10000 and 10000", field="sortOrder")
    return value


def note(value: str | None, *, field: str = "note") -> str | None:
    """A note within the note limit (empty means none); a refusal points at `field`."""
    check_length(value, field="note", at=field)
    return value or None


def resolve_span(
    span: LocalSpan, zone: ZoneInfo, *, at: tuple[str, ...] = ()
) -> tuple[datetime, datetime]:
    """The UTC start and end of a local span, with DST_GAP / AMBIGUOUS_LOCAL_TIME errors on
    the span's fields below `at` (its place in the input: updateBlockout's `times`)."""
    start_at = local_instant(span.day, span.start, zone, span.start_occurrence, (*at, "startTime"))
    if span.end == time(0):
        end_at = start_of_local_day(span.day + timedelta(days=1), zone)
    else:
        end_at = local_instant(span.day, span.end, zone, span.end_occurrence, (*at, "endTime"))
    if end_at <= start_at:
        raise Validation("The end must be after the start", field=(*at, "endTime"))
    return start_at, end_at


async def require_type(
    connection: AsyncConnection,
    organization_id: uuid.UUID,
    ident: uuid.UUID,
    *,
    field: str = "blockoutTypeId",
    for_new: bool = True,
) -> BlockoutTypeRow:
    """The blockout type, or NotFound; new blockouts also need it active."""
    row = await require(
        connection,
        BLOCKOUT_TYPES,
        organization_id=organization_id,
        ident=ident,
        field=field,
        label="blockout type",
    )
    if for_new and not row.active:
        raise Validation("This blockout type is inactive", field=field)
    return row


async def require_template(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID
) -> BlockoutTemplateRow:
    """The blockout template, or NotFound."""
    return await require(
        connection,
        BLOCKOUT_TEMPLATES,
        organization_id=organization_id,
        ident=ident,
        field="templateId",
        label="blockout template",
    )


def check_applicable(template: BlockoutTemplateRow, location_id: uuid.UUID) -> None:
    """An inactive template, or one of another location, is not applied (VALIDATION)."""
    if not template.active:
        raise Validation("This blockout template is inactive", field="templateId")
    if template.location_id is not None and template.location_id != location_id:
        raise Validation("This blockout template is for another location", field="locationId")


async def require_operatories(
    connection: AsyncConnection,
    organization_id: uuid.UUID,
    idents: Sequence[uuid.UUID],
    *,
    location_id: uuid.UUID | None,
    field: str = "operatoryIds",
) -> dict[uuid.UUID, OperatoryRow]:
    """Active operatories (of the location, if given) by id, read in one statement."""
    if len(set(idents)) != len(idents):
        raise Validation("An operatory is listed twice", field=field)
    if len(idents) > MAX_OPERATORIES:
        raise Validation(f"At most {MAX_OPERATORIES} operatories", field=field)
    if not idents:
        return {}
    statement = select(operatories).where(
        operatories.c.organization_id == organization_id, operatories.c.id.in_(list(idents))
    )
    found = {row.id: row for row in await all_as(connection, OperatoryRow, statement)}
    if len(found) != len(idents):
        raise NotFound("No operatory with this ID", field=field)
    for row in found.values():
        if location_id is not None and row.location_id != location_id:
            raise Validation("The operatory is not at this location", field=field)
        if not row.active:
            raise Validation("The operatory is not in use", field=field)
    return found
