"""Quick fill: rank waitlist entries for one opening (pure; no database, no GraphQL).

Who is excluded
    - an entry that is not active (WAITING, CONTACTED, OFFERED; read-time expiry applies),
    - an entry whose date range (dateFrom..dateTo, open ends allowed) does not hold the date,
    - an entry whose estimated duration is longer than the opening (TOO_LONG; no estimate fits),
    - an entry that may not be seen at the opening's location: with ``cross_location=False`` only
      entries whose home is the location; with ``cross_location=True`` also SELECTED entries
      listing the location among their additional locations and ANY entries (HOME_ONLY never
      leaves home).

Score (integers; higher is better)
    urgency     URGENT 40, SOON 30, ROUTINE 20, FLEXIBLE 10
    priority    priority // 5 (floor division: -100..100 gives -20..20)
    daysWaiting min(days since the entry was added, 30)
    fit         provider   EXACT (the preferred provider is the opening's) 10,
                           ANY (no preference, or the opening names no provider) 5,
                           OTHER (another provider preferred) 0
                type       10 when entry and opening name the same appointment type, else 0
                location   HOME 5, ADDITIONAL 2, ANY 0
                day        5 when the local weekday is one of the preferred days, else 0
                time       5 when the local start and end lie inside the preferred window
                           (a missing bound does not restrict), else 0; no window: 0
    total       urgency + priority + daysWaiting + fit

The patient's saved scheduling preferences (``saved``) fill in what the entry leaves open,
scored as the entry's own would be: preferred days when the entry names none, time-of-day
windows (within any one) when it has no window, and preferred providers when it names no
provider (EXACT when the opening's provider is one of them, OTHER when not). The entry's own
preferences always win; the saved locations are not used (the entry's location scope says
where the patient may be seen).

Quality counts the misses: provider OTHER; both types named and different; preferred days
given and the weekday not among them; preferred window given and the opening outside it; a
location other than HOME. No miss is EXCELLENT, one is GOOD, more is FAIR.

Order: total descending, then created_at ascending (longest waiting first), then id.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from scheduling.slot_preferences import SlotPreferences, within_windows
from scheduling.waitlist import ACTIVE, days_waiting, effective_status, sooner_than_visit

URGENCY_POINTS = {"urgent": 40, "soon": 30, "routine": 20, "flexible": 10}
MAX_DAYS_POINTS = 30
PROVIDER_POINTS = {"exact": 10, "any": 5, "other": 0}
TYPE_POINTS = 10
LOCATION_POINTS = {"home": 5, "additional": 2, "any": 0}
DAY_POINTS = 5
TIME_POINTS = 5


class Quality(enum.StrEnum):
    """How well an entry suits an opening."""

    EXCELLENT = "EXCELLENT"
    GOOD = "GOOD"
    FAIR = "FAIR"


class ProviderMatch(enum.StrEnum):
    """The entry's preferred provider against the opening's."""

    EXACT = "EXACT"
    ANY = "ANY"
    OTHER = "OTHER"


class LocationMatch(enum.StrEnum):
    """Why the entry may be seen at the opening's location."""

    HOME = "HOME"
    ADDITIONAL = "ADDITIONAL"
    ANY = "ANY"


class DurationFit(enum.StrEnum):
    """Whether the visit fits the opening (TOO_LONG entries are never returned)."""

    FITS = "FITS"
    TOO_LONG = "TOO_LONG"


@dataclass(frozen=True, slots=True)
class Opening:
    """A free slot: a location, its local date and zone, the instants, and what it is for."""

    location_id: uuid.UUID
    day: date
    start_at: datetime
    end_at: datetime
    zone: ZoneInfo
    provider_id: uuid.UUID | None = None
    appointment_type_id: uuid.UUID | None = None
    cross_location: bool = False

    @property
    def minutes(self) -> int:
        """The opening's length in whole minutes (real elapsed time)."""
        return int((self.end_at - self.start_at).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class Candidate:
    """What ranking reads of a waitlist entry."""

    id: uuid.UUID
    status: str
    urgency: str
    priority: int
    created_at: datetime
    home_location_id: uuid.UUID
    location_scope: str = "home_only"
    additional_location_ids: tuple[uuid.UUID, ...] = ()
    provider_id: uuid.UUID | None = None
    appointment_type_id: uuid.UUID | None = None
    estimated_duration_minutes: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    preferred_days: tuple[int, ...] = ()
    preferred_start_time: time | None = None
    preferred_end_time: time | None = None
    # The local date (home location's zone) the entry was added; None: created_at's own date.
    created_on: date | None = None
    # When the patient's linked visit starts, while it is still booked (they want it sooner).
    linked_visit_start_at: datetime | None = None
    # The patient's saved scheduling preferences, filling in what the entry leaves open.
    saved: SlotPreferences | None = None

    @property
    def added_on(self) -> date:
        """The date days waiting count from."""
        return self.created_on if self.created_on is not None else self.created_at.date()


@dataclass(frozen=True, slots=True)
class Score:
    """The points of a match."""

    urgency: int
    priority: int
    days_waiting: int
    fit: int

    @property
    def total(self) -> int:
        """The sum of all points."""
        return self.urgency + self.priority + self.days_waiting + self.fit


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate that may take the opening, with why and how well."""

    candidate: Candidate
    quality: Quality
    provider_match: ProviderMatch
    location_match: LocationMatch
    duration_fit: DurationFit
    score: Score
    misses: tuple[str, ...] = field(default=())


def location_match(candidate: Candidate, opening: Opening) -> LocationMatch | None:
    """How the candidate may be seen at the opening's location; None if it may not."""
    if candidate.home_location_id == opening.location_id:
        return LocationMatch.HOME
    if not opening.cross_location:
        return None
    if (
        candidate.location_scope == "selected"
        and opening.location_id in candidate.additional_location_ids
    ):
        return LocationMatch.ADDITIONAL
    if candidate.location_scope == "any":
        return LocationMatch.ANY
    return None


def duration_fit(candidate: Candidate, opening: Opening) -> DurationFit:
    """FITS unless the estimated duration is longer than the opening."""
    wanted = candidate.estimated_duration_minutes
    return (
        DurationFit.TOO_LONG
        if wanted is not None and wanted > opening.minutes
        else (DurationFit.FITS)
    )


def _in_range(candidate: Candidate, day: date) -> bool:
    return (candidate.date_from is None or candidate.date_from <= day) and (
        candidate.date_to is None or day <= candidate.date_to
    )


def _provider_match(candidate: Candidate, opening: Opening) -> ProviderMatch:
    if opening.provider_id is None:
        return ProviderMatch.ANY
    if candidate.provider_id is not None:
        wanted: frozenset[uuid.UUID] = frozenset({candidate.provider_id})
    elif candidate.saved is not None and candidate.saved.provider_ids:
        wanted = candidate.saved.provider_ids
    else:
        return ProviderMatch.ANY
    return ProviderMatch.EXACT if opening.provider_id in wanted else ProviderMatch.OTHER


def _in_window(candidate: Candidate, opening: Opening) -> bool | None:
    """Whether the opening lies in the preferred window (the entry's, else within one of the
    patient's saved windows); None without any window."""
    low, high = candidate.preferred_start_time, candidate.preferred_end_time
    if low is None and high is None:
        saved = candidate.saved
        if saved is None or not saved.windows:
            return None
        return within_windows(opening.start_at, opening.end_at, opening.zone, saved.windows)
    start = opening.start_at.astimezone(opening.zone).time()
    end = opening.end_at.astimezone(opening.zone).time()
    return (low is None or start >= low) and (high is None or end <= high)


def evaluate(candidate: Candidate, opening: Opening, today: date) -> Match | None:
    """The candidate's match for the opening, or None when it is excluded (inactive, outside
    its dates, too long, at a location it does not accept, or no sooner than its booked visit:
    accepting would move that visit, and never later)."""
    if effective_status(candidate, today) not in ACTIVE or not _in_range(candidate, opening.day):
        return None
    if not sooner_than_visit(opening.start_at, candidate.linked_visit_start_at):
        return None
    fit_duration = duration_fit(candidate, opening)
    where = location_match(candidate, opening)
    if fit_duration is DurationFit.TOO_LONG or where is None:
        return None
    provider = _provider_match(candidate, opening)
    fit, misses = _fit(candidate, opening, provider, where)
    standing = standing_score(
        candidate.urgency, candidate.priority, days_waiting(candidate.added_on, today)
    )
    score = replace(standing, fit=fit)
    quality = (
        Quality.EXCELLENT if not misses else Quality.GOOD if len(misses) == 1 else Quality.FAIR
    )
    return Match(
        candidate=candidate,
        quality=quality,
        provider_match=provider,
        location_match=where,
        duration_fit=fit_duration,
        score=score,
        misses=tuple(misses),
    )


def _fit(
    candidate: Candidate, opening: Opening, provider: ProviderMatch, where: LocationMatch
) -> tuple[int, list[str]]:
    """The fit points of a candidate for an opening, and the preferences it misses."""
    misses: list[str] = []
    fit = PROVIDER_POINTS[provider.value.lower()] + LOCATION_POINTS[where.value.lower()]
    if provider is ProviderMatch.OTHER:
        misses.append("provider")
    if candidate.appointment_type_id is not None and opening.appointment_type_id is not None:
        if candidate.appointment_type_id == opening.appointment_type_id:
            fit += TYPE_POINTS
        else:
            misses.append("appointmentType")
    days = _preferred_days(candidate)
    if days:
        if opening.day.isoweekday() in days:
            fit += DAY_POINTS
        else:
            misses.append("day")
    window = _in_window(candidate, opening)
    if window is True:
        fit += TIME_POINTS
    elif window is False:
        misses.append("time")
    if where is not LocationMatch.HOME:
        misses.append("location")
    return fit, misses


def _preferred_days(candidate: Candidate) -> tuple[int, ...] | frozenset[int]:
    """The entry's preferred ISO weekdays, else the patient's saved ones (may be empty)."""
    if candidate.preferred_days or candidate.saved is None:
        return candidate.preferred_days
    return candidate.saved.days_of_week


def standing_score(urgency: str, priority: int, days: int) -> Score:
    """An entry's points before any opening: urgency, priority // 5 and days waiting (capped).

    It orders the waitlist (sort SCORE); quick-fill adds the fit to a particular opening.
    """
    return Score(
        urgency=URGENCY_POINTS.get(urgency, 0),
        priority=priority // 5,
        days_waiting=min(days, MAX_DAYS_POINTS),
        fit=0,
    )


def rank(
    candidates: Iterable[Candidate], opening: Opening, *, today: date, limit: int | None = None
) -> list[Match]:
    """The candidates that may take the opening, best first (at most `limit`)."""
    matches = [m for c in candidates if (m := evaluate(c, opening, today)) is not None]
    matches.sort(key=lambda m: (-m.score.total, m.candidate.created_at, str(m.candidate.id)))
    return matches if limit is None else matches[:limit]
