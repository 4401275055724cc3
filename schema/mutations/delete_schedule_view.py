"""deleteScheduleView: remove one of the caller's schedule views."""

from __future__ import annotations

from resolvers.user_settings.schedule_views import VIEW, delete_view
from schema.mutations.settings_common import delete_mutation

delete_schedule_view_field = delete_mutation(VIEW, noun="view", delete=delete_view)
