"""Quick-fill matches: a waitlist entry ranked for an opening, and the payloads' openingMatches."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from resolvers.quick_fill import FreedSlot, RankedEntry, freed_slot_matches
from scheduling.quick_fill import DurationFit, LocationMatch, ProviderMatch, Quality
from schema.info import Info
from schema.types.appointment import Appointment
from schema.types.waitlist import WaitlistEntry

strawberry.enum(Quality, name="QuickFillQuality", description="How well an entry suits an opening.")
strawberry.enum(
    ProviderMatch,
    name="QuickFillProviderMatch",
    description=(
        "EXACT: the preferred provider is the opening's; ANY: no preference (or no provider "
        "named); OTHER: another provider is preferred."
    ),
)
strawberry.enum(
    LocationMatch,
    name="QuickFillLocationMatch",
    description=(
        "HOME: the entry's home location; ADDITIONAL: one of its selected locations; ANY: its "
        "scope accepts any location."
    ),
)
strawberry.enum(
    DurationFit,
    name="QuickFillDurationFit",
    description="Whether the visit fits the opening (TOO_LONG entries are never returned).",
)


@strawberry.type(description="The points behind a quick-fill match; total = the sum of the rest.")
class QuickFillScore:
    urgency: int = strawberry.field(description="URGENT 40, SOON 30, ROUTINE 20, FLEXIBLE 10.")
    priority: int = strawberry.field(description="The entry's priority divided by 5 (floor).")
    days_waiting: int = strawberry.field(description="Days since the entry was added, at most 30.")
    fit: int = strawberry.field(
        description=(
            "Provider EXACT 10 / ANY 5, same appointment type 10, location HOME 5 / ADDITIONAL 2, "
            "preferred weekday 5, inside the preferred time window 5."
        )
    )
    total: int = strawberry.field(description="The ranking key: higher first.")


@strawberry.type(description="A waitlist entry that could take an opening, and how well it fits.")
class QuickFillMatch:
    entry: WaitlistEntry = strawberry.field(description="The waitlist entry.")
    quality: Quality = strawberry.field(
        description="EXCELLENT without misses, GOOD with one, FAIR with more."
    )
    provider_match: ProviderMatch = strawberry.field(description="The provider preference's fit.")
    location_match: LocationMatch = strawberry.field(description="Why the location is acceptable.")
    duration_fit: DurationFit = strawberry.field(description="Whether the visit fits the opening.")
    score: QuickFillScore = strawberry.field(description="The points behind the ranking.")

    @classmethod
    def from_ranked(cls, ranked: RankedEntry) -> QuickFillMatch:
        """Build from a ranked entry."""
        match = ranked.match
        return cls(
            entry=WaitlistEntry.from_row(ranked.row),
            quality=match.quality,
            provider_match=match.provider_match,
            location_match=match.location_match,
            duration_fit=match.duration_fit,
            score=QuickFillScore(
                urgency=match.score.urgency,
                priority=match.score.priority,
                days_waiting=match.score.days_waiting,
                fit=match.score.fit,
                total=match.score.total,
            ),
        )


def matches_of(ranked: Sequence[RankedEntry]) -> list[QuickFillMatch]:
    """The GraphQL form of ranked entries, in order."""
    return [QuickFillMatch.from_ranked(r) for r in ranked]


def freed_slot_of(appointment: Appointment | None) -> FreedSlot | None:
    """The slot an appointment held (its time, location, primary provider and type)."""
    if appointment is None:
        return None
    return FreedSlot(
        location_id=appointment.location_id,
        start_at=appointment.start_at,
        end_at=appointment.end_at,
        time_zone=appointment.time_zone,
        provider_id=appointment.primary_provider_id,
        appointment_type_id=appointment.appointment_type_id,
    )


OPENING_MATCHES_DESCRIPTION = (
    "The top 5 waitlist entries (home location) for the slot this "
    "mutation freed, computed only when asked; empty on userErrors and for patients."
)


async def opening_matches(info: Info, freed: FreedSlot | None) -> list[QuickFillMatch]:
    """The payloads' openingMatches."""
    return matches_of(await freed_slot_matches(info.context, freed))
