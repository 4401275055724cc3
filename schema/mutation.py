"""The root Mutation type, assembled from one file per mutation."""

from __future__ import annotations

import strawberry

from schema.mutations.book_appointment import book_appointment_field
from schema.mutations.cancel_appointment import cancel_appointment_field
from schema.mutations.confirm_booking import confirm_booking_field
from schema.mutations.create_location import create_location_field
from schema.mutations.move_appointment import move_appointment_field


@strawberry.type(description="Changes to the scheduling graph.")
class Mutation:
    create_location = create_location_field
    book_appointment = book_appointment_field
    confirm_booking = confirm_booking_field
    move_appointment = move_appointment_field
    cancel_appointment = cancel_appointment_field
