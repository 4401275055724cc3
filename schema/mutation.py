"""The root Mutation type, assembled from one file per mutation."""

from __future__ import annotations

import strawberry

from schema.mutations.book_appointment import book_appointment_field
from schema.mutations.break_appointment import break_appointment_field
from schema.mutations.bulk_confirm_appointments import bulk_confirm_appointments_field
from schema.mutations.cancel_appointment import cancel_appointment_field
from schema.mutations.confirm_booking import confirm_booking_field
from schema.mutations.create_location import create_location_field
from schema.mutations.move_appointment import move_appointment_field
from schema.mutations.place_from_pinboard import place_from_pinboard_field
from schema.mutations.send_to_pinboard import send_to_pinboard_field
from schema.mutations.set_appointment_providers import set_appointment_providers_field
from schema.mutations.set_confirmation_status import set_confirmation_status_field
from schema.mutations.set_patient_flow_status import set_patient_flow_status_field
from schema.mutations.transition_appointment import transition_appointment_field
from schema.mutations.update_appointment import update_appointment_field


@strawberry.type(description="Changes to the scheduling graph.")
class Mutation:
    create_location = create_location_field
    book_appointment = book_appointment_field
    confirm_booking = confirm_booking_field
    move_appointment = move_appointment_field
    cancel_appointment = cancel_appointment_field
    break_appointment = break_appointment_field
    send_to_pinboard = send_to_pinboard_field
    place_from_pinboard = place_from_pinboard_field
    transition_appointment = transition_appointment_field
    set_patient_flow_status = set_patient_flow_status_field
    update_appointment = update_appointment_field
    set_appointment_providers = set_appointment_providers_field
    set_confirmation_status = set_confirmation_status_field
    bulk_confirm_appointments = bulk_confirm_appointments_field
