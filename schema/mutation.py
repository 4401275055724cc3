"""The root Mutation type, assembled from one file per mutation."""

from __future__ import annotations

import strawberry

from schema.mutations.add_appointment_procedure import add_appointment_procedure_field
from schema.mutations.add_blockout_template_item import add_blockout_template_item_field
from schema.mutations.add_to_waitlist import add_to_waitlist_field
from schema.mutations.apply_blockout_template import apply_blockout_template_field
from schema.mutations.archive_appointment_reason import archive_appointment_reason_field
from schema.mutations.archive_confirmation_status import archive_confirmation_status_field
from schema.mutations.archive_patient_flow_status import archive_patient_flow_status_field
from schema.mutations.book_appointment import book_appointment_field
from schema.mutations.break_appointment import break_appointment_field
from schema.mutations.bulk_confirm_appointments import bulk_confirm_appointments_field
from schema.mutations.bulk_remove_from_waitlist import bulk_remove_from_waitlist_field
from schema.mutations.cancel_appointment import cancel_appointment_field
from schema.mutations.complete_patient_recall import complete_patient_recall_field
from schema.mutations.confirm_booking import confirm_booking_field
from schema.mutations.copy_blockouts_day import copy_blockouts_day_field
from schema.mutations.copy_blockouts_week import copy_blockouts_week_field
from schema.mutations.create_appointment_reason import create_appointment_reason_field
from schema.mutations.create_appointment_type import create_appointment_type_field
from schema.mutations.create_appointment_type_overlap_rule import (
    create_appointment_type_overlap_rule_field,
)
from schema.mutations.create_blockout_template import create_blockout_template_field
from schema.mutations.create_blockout_type import create_blockout_type_field
from schema.mutations.create_blockouts import create_blockouts_field
from schema.mutations.create_confirmation_status import create_confirmation_status_field
from schema.mutations.create_location import create_location_field
from schema.mutations.create_operatory import create_operatory_field
from schema.mutations.create_patient_flow_status import create_patient_flow_status_field
from schema.mutations.create_patient_recall import create_patient_recall_field
from schema.mutations.create_production_goal import create_production_goal_field
from schema.mutations.create_provider import create_provider_field
from schema.mutations.create_recall_trigger import create_recall_trigger_field
from schema.mutations.create_recall_type import create_recall_type_field
from schema.mutations.create_saved_search import create_saved_search_field
from schema.mutations.create_schedule_note import create_schedule_note_field
from schema.mutations.create_schedule_template import create_schedule_template_field
from schema.mutations.create_schedule_view import create_schedule_view_field
from schema.mutations.delete_appointment import delete_appointment_field
from schema.mutations.delete_appointment_type_overlap_rule import (
    delete_appointment_type_overlap_rule_field,
)
from schema.mutations.delete_blockout import delete_blockout_field
from schema.mutations.delete_blockout_template import delete_blockout_template_field
from schema.mutations.delete_production_goal import delete_production_goal_field
from schema.mutations.delete_recall_trigger import delete_recall_trigger_field
from schema.mutations.delete_saved_search import delete_saved_search_field
from schema.mutations.delete_schedule_note import delete_schedule_note_field
from schema.mutations.delete_schedule_override import delete_schedule_override_field
from schema.mutations.delete_schedule_template import delete_schedule_template_field
from schema.mutations.delete_schedule_view import delete_schedule_view_field
from schema.mutations.document_appointment import document_appointment_field
from schema.mutations.import_appointments import import_appointments_field
from schema.mutations.log_waitlist_contact import log_waitlist_contact_field
from schema.mutations.merge_patients import merge_patients_field
from schema.mutations.move_appointment import move_appointment_field
from schema.mutations.offer_waitlist_slot import offer_waitlist_slot_field
from schema.mutations.place_from_pinboard import place_from_pinboard_field
from schema.mutations.record_waitlist_response import record_waitlist_response_field
from schema.mutations.register_patient import register_patient_field
from schema.mutations.remove_appointment_procedure import remove_appointment_procedure_field
from schema.mutations.remove_blockout_template_item import remove_blockout_template_item_field
from schema.mutations.remove_from_waitlist import remove_from_waitlist_field
from schema.mutations.repeat_blockout_weeks import repeat_blockout_weeks_field
from schema.mutations.send_to_pinboard import send_to_pinboard_field
from schema.mutations.set_appointment_providers import set_appointment_providers_field
from schema.mutations.set_confirmation_status import set_confirmation_status_field
from schema.mutations.set_patient_flow_status import set_patient_flow_status_field
from schema.mutations.set_schedule_override import set_schedule_override_field
from schema.mutations.transition_appointment import transition_appointment_field
from schema.mutations.update_appointment import update_appointment_field
from schema.mutations.update_appointment_details import update_appointment_details_field
from schema.mutations.update_appointment_reason import update_appointment_reason_field
from schema.mutations.update_appointment_type import update_appointment_type_field
from schema.mutations.update_appointment_type_overlap_rule import (
    update_appointment_type_overlap_rule_field,
)
from schema.mutations.update_blockout import update_blockout_field
from schema.mutations.update_blockout_template import update_blockout_template_field
from schema.mutations.update_blockout_template_item import update_blockout_template_item_field
from schema.mutations.update_blockout_type import update_blockout_type_field
from schema.mutations.update_confirmation_status import update_confirmation_status_field
from schema.mutations.update_location import update_location_field
from schema.mutations.update_operatory import update_operatory_field
from schema.mutations.update_patient import update_patient_field
from schema.mutations.update_patient_flow_status import update_patient_flow_status_field
from schema.mutations.update_patient_recall import update_patient_recall_field
from schema.mutations.update_patient_scheduling_preferences import (
    update_patient_scheduling_preferences_field,
)
from schema.mutations.update_production_goal import update_production_goal_field
from schema.mutations.update_provider import update_provider_field
from schema.mutations.update_recall_type import update_recall_type_field
from schema.mutations.update_saved_search import update_saved_search_field
from schema.mutations.update_schedule_note import update_schedule_note_field
from schema.mutations.update_schedule_template import update_schedule_template_field
from schema.mutations.update_schedule_view import update_schedule_view_field
from schema.mutations.update_waitlist_entry import update_waitlist_entry_field
from schema.mutations.upsert_production_goal import upsert_production_goal_field
from schema.permissions import enforce_access
from schema.strict_input import RefuseBadInput, refuse_bad_input


@strawberry.type(description="Changes to the scheduling graph.")
class Mutation:
    create_location = create_location_field
    update_location = update_location_field
    create_operatory = create_operatory_field
    update_operatory = update_operatory_field
    create_appointment_type = create_appointment_type_field
    update_appointment_type = update_appointment_type_field
    create_provider = create_provider_field
    update_provider = update_provider_field
    register_patient = register_patient_field
    update_patient = update_patient_field
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
    update_appointment_details = update_appointment_details_field
    add_appointment_procedure = add_appointment_procedure_field
    remove_appointment_procedure = remove_appointment_procedure_field
    delete_appointment = delete_appointment_field
    set_appointment_providers = set_appointment_providers_field
    set_confirmation_status = set_confirmation_status_field
    document_appointment = document_appointment_field
    create_confirmation_status = create_confirmation_status_field
    update_confirmation_status = update_confirmation_status_field
    archive_confirmation_status = archive_confirmation_status_field
    create_patient_flow_status = create_patient_flow_status_field
    update_patient_flow_status = update_patient_flow_status_field
    archive_patient_flow_status = archive_patient_flow_status_field
    create_appointment_reason = create_appointment_reason_field
    update_appointment_reason = update_appointment_reason_field
    archive_appointment_reason = archive_appointment_reason_field
    merge_patients = merge_patients_field
    bulk_confirm_appointments = bulk_confirm_appointments_field
    import_appointments = import_appointments_field
    create_schedule_template = create_schedule_template_field
    update_schedule_template = update_schedule_template_field
    delete_schedule_template = delete_schedule_template_field
    set_schedule_override = set_schedule_override_field
    delete_schedule_override = delete_schedule_override_field
    create_schedule_note = create_schedule_note_field
    update_schedule_note = update_schedule_note_field
    delete_schedule_note = delete_schedule_note_field
    create_appointment_type_overlap_rule = create_appointment_type_overlap_rule_field
    update_appointment_type_overlap_rule = update_appointment_type_overlap_rule_field
    delete_appointment_type_overlap_rule = delete_appointment_type_overlap_rule_field
    create_blockout_type = create_blockout_type_field
    update_blockout_type = update_blockout_type_field
    create_blockouts = create_blockouts_field
    update_blockout = update_blockout_field
    delete_blockout = delete_blockout_field
    copy_blockouts_day = copy_blockouts_day_field
    copy_blockouts_week = copy_blockouts_week_field
    repeat_blockout_weeks = repeat_blockout_weeks_field
    create_blockout_template = create_blockout_template_field
    update_blockout_template = update_blockout_template_field
    delete_blockout_template = delete_blockout_template_field
    add_blockout_template_item = add_blockout_template_item_field
    update_blockout_template_item = update_blockout_template_item_field
    remove_blockout_template_item = remove_blockout_template_item_field
    apply_blockout_template = apply_blockout_template_field
    create_production_goal = create_production_goal_field
    update_production_goal = update_production_goal_field
    upsert_production_goal = upsert_production_goal_field
    add_to_waitlist = add_to_waitlist_field
    update_waitlist_entry = update_waitlist_entry_field
    log_waitlist_contact = log_waitlist_contact_field
    offer_waitlist_slot = offer_waitlist_slot_field
    record_waitlist_response = record_waitlist_response_field
    remove_from_waitlist = remove_from_waitlist_field
    bulk_remove_from_waitlist = bulk_remove_from_waitlist_field
    delete_production_goal = delete_production_goal_field
    create_recall_type = create_recall_type_field
    update_recall_type = update_recall_type_field
    create_recall_trigger = create_recall_trigger_field
    delete_recall_trigger = delete_recall_trigger_field
    create_patient_recall = create_patient_recall_field
    update_patient_recall = update_patient_recall_field
    complete_patient_recall = complete_patient_recall_field
    create_schedule_view = create_schedule_view_field
    update_schedule_view = update_schedule_view_field
    delete_schedule_view = delete_schedule_view_field
    create_saved_search = create_saved_search_field
    update_saved_search = update_saved_search_field
    delete_saved_search = delete_saved_search_field
    update_patient_scheduling_preferences = update_patient_scheduling_preferences_field


# Every mutation's input passes the input rules before its resolver runs.
refuse_bad_input(Mutation, RefuseBadInput)
# Then, outermost, who may call each mutation (declared on it as metadata=allow(...)).
enforce_access(Mutation, payload=True)
