"""The benchmark floor: the CalendarWeek response built by one SQL statement.

It answers the same variables with the same JSON as the CalendarWeek operation, so the
benchmark can show how far GraphQL execution is from what PostgreSQL alone can do.
"""

from __future__ import annotations

import uuid
from datetime import date

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from scheduling.appointment_status import ON_CALENDAR
from server.tokens import InvalidToken, viewer_from_header

# Global IDs are base64("Type:uuid"), as strawberry.relay encodes them.
_GID = "translate(encode(convert_to('{type}:' || {col}::text, 'UTF8'), 'base64'), E'\\n', '')"
_TS = "to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"

CALENDAR_WEEK_SQL = f"""
WITH loc AS (
  SELECT l.id, l.name, l.time_zone,
         coalesce(CAST(:week_start AS date),
                  date_trunc('week', now() AT TIME ZONE l.time_zone)::date) AS week_start
  FROM locations l
  WHERE l.id = :location_id AND l.organization_id = :org
), days AS (
  SELECT d::date AS day,
         (d::timestamp AT TIME ZONE loc.time_zone) AS starts_at,
         ((d + interval '1 day')::timestamp AT TIME ZONE loc.time_zone) AS ends_at
  FROM loc, generate_series(loc.week_start, loc.week_start + 6, interval '1 day') d
)
SELECT json_build_object('data', json_build_object('calendarWeek', (
  SELECT json_build_object(
    'weekStart', to_char(loc.week_start, 'YYYY-MM-DD'),
    'timeZone', loc.time_zone,
    'location', json_build_object('id', {_GID.format(type="Location", col="loc.id")}, 'name', loc.name),
    'operatories', (
      SELECT coalesce(json_agg(json_build_object(
        'id', {_GID.format(type="Operatory", col="o.id")}, 'name', o.name,
        'abbreviation', o.abbreviation) ORDER BY o.sort_order, o.name), '[]')
      FROM operatories o WHERE o.location_id = loc.id AND o.organization_id = :org AND o.active),
    'days', (
      SELECT json_agg(json_build_object(
        'date', to_char(days.day, 'YYYY-MM-DD'),
        'dayHours', round(extract(epoch FROM days.ends_at - days.starts_at) / 3600)::int,
        'appointments', (
          SELECT coalesce(json_agg(json_build_object(
            'id', {_GID.format(type="Appointment", col="a.id")},
            'startAt', {_TS.format(col="a.start_at")},
            'endAt', {_TS.format(col="a.end_at")},
            'status', upper(a.status),
            'version', a.version,
            'note', a.note,
            'operatory', json_build_object('id', {_GID.format(type="Operatory", col="a.operatory_id")}),
            'patient', json_build_object(
              'id', {_GID.format(type="Patient", col="p.id")},
              'firstName', p.first_name, 'lastName', p.last_name),
            'appointmentType', CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object(
              'id', {_GID.format(type="AppointmentType", col="t.id")},
              'abbreviation', t.abbreviation, 'color', t.color) END,
            'providers', (
              SELECT json_agg(json_build_object(
                'id', {_GID.format(type="Provider", col="pr.id")},
                'abbreviation', pr.abbreviation) ORDER BY x.ord)
              FROM (SELECT a.primary_provider_id AS provider_id, -1 AS ord
                    UNION ALL
                    SELECT ap.provider_id, ap.position FROM appointment_providers ap
                    WHERE ap.appointment_id = a.id) x
              JOIN providers pr ON pr.id = x.provider_id),
            'confirmationStatus', CASE WHEN c.id IS NULL THEN NULL
              ELSE json_build_object('name', c.name) END
          ) ORDER BY a.start_at, a.id), '[]')
          FROM appointments a
          JOIN patients p ON p.id = a.patient_id
          LEFT JOIN appointment_types t ON t.id = a.appointment_type_id
          LEFT JOIN confirmation_statuses c ON c.id = a.confirmation_status_id
          WHERE a.location_id = loc.id AND a.organization_id = :org
            AND a.start_at >= days.starts_at AND a.start_at < days.ends_at
            AND a.status = ANY(:statuses)
        )) ORDER BY days.day)
      FROM days)
  ) FROM loc
)))::text
"""


def floor_route(engine: AsyncEngine, secret: str) -> Route:
    """POST /floor/calendar-week: `{"variables": {locationId, weekStart}}` like the operation
    (without weekStart: the current week in the location's zone, by the database's clock)."""
    statement = text(CALENDAR_WEEK_SQL)
    statuses = sorted(status.value for status in ON_CALENDAR)

    async def calendar_week(request: Request) -> Response:
        try:
            viewer = viewer_from_header(request.headers.get("authorization"), secret=secret)
        except InvalidToken as exc:
            return JSONResponse({"errors": [{"message": str(exc)}]}, status_code=401)
        variables = orjson.loads(await request.body()).get("variables", {})
        location_id = _location_uuid(variables["locationId"])
        async with engine.connect() as connection:
            body = await connection.scalar(
                statement,
                {
                    "org": viewer.organization_id,
                    "location_id": location_id,
                    "week_start": _week_start(variables.get("weekStart")),
                    "statuses": statuses,
                },
            )
        return Response(body, media_type="application/json")

    return Route("/floor/calendar-week", calendar_week, methods=["POST"])


def _week_start(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _location_uuid(global_id: str) -> uuid.UUID:
    from strawberry.relay import GlobalID

    return uuid.UUID(GlobalID.from_id(global_id).node_id)
