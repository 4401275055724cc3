"""Reads for slot search: the busy time of every provider and operatory in a range, merged.

Slot search needs only when each provider and each operatory is taken, not which booking
takes it. PostgreSQL merges the spans (range_agg over tstzrange) and sends each resource's
merged spans as two arrays of integer microseconds: a score of rows instead of a row per
booking (about 3,900 on the demo's 90 days), and no datetime built per booking in Python.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    any_,
    bindparam,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by

from db.queries.busy import HOLDS_SLOT
from db.queries.ids import uuid_array
from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from db.rows.appointments import BusyRow
from db.tables import appointment_providers, appointments, blockout_types, blockouts

_START = bindparam("start_at", type_=appointments.c.start_at.type)
_END = bindparam("end_at", type_=appointments.c.start_at.type)

_with_provider = exists().where(
    appointment_providers.c.appointment_id == appointments.c.id,
    appointment_providers.c.provider_id == any_(uuid_array("providers")),
)
# The same rows the booking check (db/queries/busy.blocking_bookings) treats as taken: live
# slot-holding appointments overlapping the range, at the location or with the providers.
# Materialized: three branches below read it.
_taken = (
    select(
        appointments.c.id,
        appointments.c.operatory_id,
        appointments.c.primary_provider_id,
        appointments.c.start_at,
        appointments.c.end_at,
    )
    .where(
        appointments.c.organization_id == bindparam("organization_id"),
        HOLDS_SLOT,
        appointments.c.start_at < _END,
        appointments.c.end_at > _START,
        or_(
            appointments.c.location_id == bindparam("location_id"),
            appointments.c.primary_provider_id == any_(uuid_array("providers")),
            _with_provider,
        ),
    )
    .cte("taken")
    .prefix_with("MATERIALIZED", dialect="postgresql")
)
_additional = (
    select(true(), appointment_providers.c.provider_id, _taken.c.start_at, _taken.c.end_at)
    .select_from(_taken)
    .join(appointment_providers, appointment_providers.c.appointment_id == _taken.c.id)
)
# No-schedule blocked time of the location takes its operatory (NULL: every operatory).
_blocked = (
    select(false(), blockouts.c.operatory_id, blockouts.c.start_at, blockouts.c.end_at)
    .join(blockout_types, blockout_types.c.id == blockouts.c.blockout_type_id)
    .where(
        blockouts.c.organization_id == bindparam("organization_id"),
        blockouts.c.location_id == bindparam("location_id"),
        blockout_types.c.no_schedule.is_(True),
        blockouts.c.start_at < _END,
        blockouts.c.end_at > _START,
    )
)
# (for_provider, resource_id, start_at, end_at): a provider's or an operatory's busy span.
_spans = union_all(
    select(
        false().label("for_provider"),
        _taken.c.operatory_id.label("resource_id"),
        _taken.c.start_at,
        _taken.c.end_at,
    ),
    _blocked,
    select(true(), _taken.c.primary_provider_id, _taken.c.start_at, _taken.c.end_at),
    _additional,
).subquery("spans")
_for_provider, _resource, _span_start, _span_end = _spans.c
_merged = (
    select(
        _for_provider.label("for_provider"),
        _resource.label("resource_id"),
        func.range_agg(func.tstzrange(_span_start, _span_end)).label("busy"),
    )
    # Other providers' spans (an additional provider's colleagues) are of no use here.
    .where(or_(_for_provider.is_(False), _resource == any_(uuid_array("providers"))))
    .group_by(_for_provider, _resource)
    .subquery("merged")
)
_piece = func.unnest(_merged.c.busy).table_valued("value").render_derived(name="piece")
_lower = func.lower(_piece.c.value)


def _micros(instant: ColumnElement[datetime]) -> ColumnElement[int]:
    """Microseconds since the epoch, exactly (extract's numeric, not a double)."""
    return (func.extract("epoch", instant) * literal_column("1000000")).cast(BigInteger)


BUSY_IN_RANGE = ReadStatement(
    select(
        _merged.c.for_provider,
        _merged.c.resource_id,
        # Both in the spans' order (disjoint: no two start together).
        func.array_agg(aggregate_order_by(_micros(_lower), _lower)).label("starts"),
        func.array_agg(aggregate_order_by(_micros(func.upper(_piece.c.value)), _lower)).label(
            "ends"
        ),
    )
    .select_from(_merged)
    .join(_piece, true())
    .group_by(_merged.c.for_provider, _merged.c.resource_id),
    BusyRow,
)


async def busy_in_range(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    provider_ids: Sequence[uuid.UUID],
    start_at: datetime,
    end_at: datetime,
) -> Sequence[BusyRow]:
    """Merged busy time overlapping the range: per provider searched, per operatory taken by
    a booking at the location or with the providers, and (resource_id NULL) the location's
    no-schedule blocked time that takes every operatory. One statement.

    Each row's spans are disjoint and do not touch (range_agg joins touching ones, which
    block the same starts of a positive length as the two apart: scheduling.free_starts).
    """
    params = {
        "organization_id": organization_id,
        "location_id": location_id,
        "providers": list(provider_ids),
        "start_at": start_at,
        "end_at": end_at,
    }
    return await db.fetch_all(BUSY_IN_RANGE, params)
