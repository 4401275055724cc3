"""deleteSavedSearch: remove one of the caller's saved searches."""

from __future__ import annotations

from resolvers.user_settings.saved_searches import SEARCH, delete_search
from schema.mutations.settings_common import delete_mutation

delete_saved_search_field = delete_mutation(SEARCH, noun="search", delete=delete_search)
