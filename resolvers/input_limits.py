"""The input limits several mutations share, and the one check that applies them.

The schema's input rules (schema/input_rules.py) take their outer bounds from here, so a
note is 2000 characters at most wherever it is sent; the resolvers check the same values (a
resolver may be called without the schema, e.g. by the demo seed) and the tighter ones a
single field has (a cancellation's reason).
"""

from __future__ import annotations

from resolvers.errors import Validation

# Free text kept with a record: notes, a removal's reason.
MAX_NOTE = 2000
# A line of a visit's timeline: a status change's or cancellation's reason, a flow note.
MAX_TIMELINE_NOTE = 500
# A schedule override's reason, shown on the calendar day.
MAX_SCHEDULE_REASON = 200
# A client's idempotency key (the column is VARCHAR(200)).
MAX_IDEMPOTENCY_KEY = 200
# A display name (a location's; types and templates hold theirs shorter).
MAX_NAME = 200


def check_length(
    value: str | None, *, field: str, limit: int = MAX_NOTE, at: str | None = None
) -> None:
    """VALIDATION when the text named `field` is longer than `limit` characters; the error
    points at `at` when the text is part of another input field (a template's `items`)."""
    if value is not None and len(value) > limit:
        raise Validation(f"{field} may be at most {limit} characters", field=at or field)


def check_idempotency_key(key: str | None) -> None:
    """VALIDATION unless the key is absent or 1 to MAX_IDEMPOTENCY_KEY characters."""
    if key is not None and not 1 <= len(key) <= MAX_IDEMPOTENCY_KEY:
        raise Validation(
            f"idempotencyKey must be 1 to {MAX_IDEMPOTENCY_KEY} characters",
            field="idempotencyKey",
        )
