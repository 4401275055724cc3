"""The checkConflicts query's input and result."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.relay import GlobalID

from resolvers.lifecycle.conflict_check import ConflictPreview
from scheduling.conflicts import ConflictReason, reasons
from schema.mutations.appointment_common import LocalSlotInput, SlotConflictItem


@strawberry.input(description="A proposed booking or move to check.")
class CheckConflictsInput:
    location_id: GlobalID = strawberry.field(description="Where; times are read in its zone.")
    operatory_id: GlobalID = strawberry.field(description="Which operatory.")
    provider_ids: list[GlobalID] = strawberry.field(description="Providers, primary first.")
    slot: LocalSlotInput = strawberry.field(description="Local date and times.")
    appointment_type_id: GlobalID | None = strawberry.field(
        default=None, description="Type whose duration is the default length."
    )
    appointment_id: GlobalID | None = strawberry.field(
        default=None, description="For a move: the appointment (it never conflicts with itself)."
    )


@strawberry.type(description="What a proposed slot would collide with; nothing was changed.")
class ConflictCheck:
    start_at: datetime = strawberry.field(description="The proposed start as an instant.")
    end_at: datetime = strawberry.field(description="The proposed end as an instant.")
    has_conflicts: bool = strawberry.field(description="Whether booking it would fail.")
    reasons: list[ConflictReason] = strawberry.field(description="The distinct reasons.")
    conflicts: list[SlotConflictItem] = strawberry.field(description="Each collision.")

    @classmethod
    def from_preview(cls, preview: ConflictPreview) -> ConflictCheck:
        """Build from the resolver's preview."""
        return cls(
            start_at=preview.start_at,
            end_at=preview.end_at,
            has_conflicts=bool(preview.conflicts),
            reasons=reasons(preview.conflicts),
            conflicts=[
                SlotConflictItem(
                    reason=c.reason,
                    appointment_id=c.appointment_id,
                    provider_id=c.provider_id,
                    blockout_id=c.blockout_id,
                )
                for c in preview.conflicts
            ],
        )
