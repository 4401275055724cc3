"""The demo lives in the present: a demo laid out around an older week is laid out again around
the current one, replacing only the two demo organizations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from db.demo import (
    BUSIEST_WEEK_APPOINTMENTS,
    DEMO_ORG_ID,
    MAIN_LOCATION_ID,
    OTHER_ORG_ID,
    REFERENCE_ANCHOR,
    current_anchor,
    seed_demo_data,
)
from db.demo.load import demo_anchor, is_dated
from db.models import Appointment, Organization
from scheduling.appointment_status import ON_CALENDAR
from scheduling.local_time import start_of_local_day, zone_named
from server.cli import _seed
from tests.support.factories import make_appointment, make_practice

CHICAGO = zone_named("America/Chicago")


async def week_at_main(connection, monday) -> int:
    """On-calendar demo appointments at Riverside Main in the local week from `monday`."""
    starts = start_of_local_day(monday, CHICAGO)
    ends = start_of_local_day(monday + timedelta(weeks=1), CHICAGO)
    return await connection.scalar(
        select(func.count()).select_from(Appointment).where(
            Appointment.location_id == MAIN_LOCATION_ID,
            Appointment.status.in_(sorted(ON_CALENDAR)),
            Appointment.start_at >= starts, Appointment.start_at < ends,
        )
    )  # fmt: skip


async def test_a_dated_demo_is_laid_out_again_and_other_organizations_stay(engine):
    # given a demo laid out around an old week, a demo appointment someone added since, and
    # another organization with an appointment of its own
    async with engine.begin() as connection:
        old = await seed_demo_data(connection, REFERENCE_ANCHOR)
    assert (old.created, old.replaced, old.anchor) == (True, False, REFERENCE_ANCHOR)
    other = await make_practice(engine)
    start = datetime(2026, 11, 17, 15, tzinfo=UTC)
    theirs = await make_appointment(
        engine, other, start_at=start, end_at=start + timedelta(hours=1)
    )
    async with engine.begin() as connection:
        demo_extra = await connection.scalar(
            text(
                "INSERT INTO appointments (organization_id, location_id, operatory_id, patient_id,"
                " primary_provider_id, start_at, end_at, status, priority, production_amount,"
                " is_new_patient, is_time_locked, version)"
                " SELECT organization_id, location_id, operatory_id, patient_id,"
                " primary_provider_id, start_at + interval '1 year', end_at + interval '1 year',"
                " 'scheduled', 0, 0, false, false, 1 FROM appointments"
                " WHERE organization_id = :org ORDER BY start_at LIMIT 1 RETURNING id"
            ),
            {"org": DEMO_ORG_ID},
        )
    # when the demo is seeded with the default anchor (what `slotgraph serve` does)
    async with engine.begin() as connection:
        fresh = await seed_demo_data(connection)
    # then it is laid out around this week: the busiest week is the current one
    now = current_anchor()
    assert (fresh.created, fresh.replaced, fresh.anchor) == (True, True, now)
    assert fresh.appointments == old.appointments
    async with engine.connect() as connection:
        assert await demo_anchor(connection) == now
        assert await week_at_main(connection, now) == BUSIEST_WEEK_APPOINTMENTS
        if now != REFERENCE_ANCHOR:
            assert await week_at_main(connection, REFERENCE_ANCHOR) != BUSIEST_WEEK_APPOINTMENTS
        # the row added to the demo went with the old demo; the demo tenants are whole again
        ids = select(Appointment.id).where(Appointment.id == demo_extra)
        assert (await connection.execute(ids)).all() == []
        demo_rows = select(func.count()).select_from(Appointment).where(
            Appointment.organization_id.in_([DEMO_ORG_ID, OTHER_ORG_ID]))  # fmt: skip
        assert await connection.scalar(demo_rows) == fresh.appointments
        # and the other organization kept everything
        orgs = await connection.scalars(select(Organization.id).order_by(Organization.name))
        assert set(orgs) == {DEMO_ORG_ID, OTHER_ORG_ID, other.org.id}
        kept = await connection.execute(
            select(Appointment.id, Appointment.start_at).where(
                Appointment.organization_id == other.org.id
            )
        )
        assert kept.all() == [(theirs.id, start)]
    # and seeding again changes nothing
    async with engine.begin() as connection:
        again = await seed_demo_data(connection)
    assert (again.created, again.replaced, again.anchor, again.total) == (
        False, False, now, fresh.total)  # fmt: skip


async def test_the_cli_says_what_it_did(engine, database_url):
    # a demo from before the anchor was recorded counts as dated
    async with engine.begin() as connection:
        await seed_demo_data(connection, REFERENCE_ANCHOR)
        await connection.execute(text("DELETE FROM demo_seed"))
    message = await _seed(database_url, None)
    assert message.startswith(
        f"refreshed the demo practice: laid out around the week of {current_anchor()} "
        "(it was an unrecorded week)"
    )
    assert await _seed(database_url, None) == (
        f"demo practice already present, laid out around the week of {current_anchor()}"
    )
    # an explicit anchor asks for exactly that week
    async with engine.connect() as connection:
        analysed_before = await _last_analysed(connection)
    assert (await _seed(database_url, REFERENCE_ANCHOR)).startswith(
        f"refreshed the demo practice: laid out around the week of {REFERENCE_ANCHOR} "
        f"(it was the week of {current_anchor()})"
    )
    # and the tables it wrote were analysed: the planner knows their new sizes at once
    async with engine.connect() as connection:
        analysed_after = await _last_analysed(connection)
    assert analysed_after is not None
    assert analysed_before is None or analysed_after > analysed_before


async def _last_analysed(connection: AsyncConnection) -> datetime | None:
    """When the appointments table was last analysed by hand (ANALYZE), if ever."""
    return await connection.scalar(
        text("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'appointments'")
    )


def test_which_demos_are_dated():
    monday = REFERENCE_ANCHOR
    later = monday + timedelta(weeks=1)
    # the default (the current week) replaces older or unrecorded demos, keeps newer ones
    assert is_dated(None, later, explicit=False)
    assert is_dated(monday, later, explicit=False)
    assert not is_dated(later, later, explicit=False)
    assert not is_dated(later, monday, explicit=False)
    # an explicit anchor wants exactly itself
    assert is_dated(later, monday, explicit=True)
    assert not is_dated(monday, monday, explicit=True)
