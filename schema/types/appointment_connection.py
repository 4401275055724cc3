"""A page of appointments in the connection shape."""

from __future__ import annotations

import strawberry

from schema.types.appointment import Appointment
from schema.types.connection import CountedConnection


@strawberry.type(description="A page of appointments ordered by start time, then id.")
class AppointmentConnection(CountedConnection[Appointment]):
    pass
