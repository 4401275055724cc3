"""Quick-fill ranking rules, with scores computed by hand from the module's formula."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from scheduling.quick_fill import (
    Candidate,
    DurationFit,
    LocationMatch,
    Opening,
    ProviderMatch,
    Quality,
    Score,
    evaluate,
    rank,
)
from scheduling.slot_preferences import SlotPreferences

CHICAGO = ZoneInfo("America/Chicago")
HOME, OTHER_PLACE = uuid.UUID(int=1), uuid.UUID(int=2)
DR_LEE, DR_KIM = uuid.UUID(int=10), uuid.UUID(int=11)
CLEANING, EXAM = uuid.UUID(int=20), uuid.UUID(int=21)
TODAY = date(2030, 1, 7)
# Monday 2030-01-07, 09:00-10:00 in Chicago.
OPENING = Opening(
    location_id=HOME,
    day=TODAY,
    start_at=datetime(2030, 1, 7, 15, 0, tzinfo=UTC),
    end_at=datetime(2030, 1, 7, 16, 0, tzinfo=UTC),
    zone=CHICAGO,
    provider_id=DR_LEE,
    appointment_type_id=CLEANING,
)


def entry(n: int, **fields: Any) -> Candidate:
    base = Candidate(
        id=uuid.UUID(int=100 + n),
        status="waiting",
        urgency="routine",
        priority=0,
        created_at=datetime(2030, 1, 7, 12, 0, tzinfo=UTC),
        home_location_id=HOME,
    )
    return replace(base, **fields)


def test_a_perfect_match_scores_every_part():
    perfect = entry(
        1,
        urgency="urgent",
        priority=12,
        created_at=datetime(2029, 12, 28, tzinfo=UTC),  # 10 days before
        provider_id=DR_LEE,
        appointment_type_id=CLEANING,
        estimated_duration_minutes=60,
        preferred_days=(1, 3),
        preferred_start_time=time(8, 0),
        preferred_end_time=time(12, 0),
    )
    match = evaluate(perfect, OPENING, TODAY)
    assert match is not None
    # urgent 40; 12 // 5 = 2; 10 days; fit 10 provider + 10 type + 5 home + 5 day + 5 time.
    assert match.score == Score(urgency=40, priority=2, days_waiting=10, fit=35)
    assert match.score.total == 87
    assert (match.quality, match.provider_match, match.location_match, match.duration_fit) == (
        Quality.EXCELLENT, ProviderMatch.EXACT, LocationMatch.HOME, DurationFit.FITS
    )  # fmt: skip


def test_misses_lower_quality_and_points():
    one_miss = entry(2, provider_id=DR_KIM)
    match = evaluate(one_miss, OPENING, TODAY)
    assert match is not None
    # routine 20; 0; 0 days; fit 0 provider + 5 home.
    assert (match.score, match.quality, match.misses) == (
        Score(20, 0, 0, 5), Quality.GOOD, ("provider",)
    )  # fmt: skip
    three = entry(
        3,
        provider_id=DR_KIM,
        appointment_type_id=EXAM,
        preferred_days=(2,),
        priority=-7,
        urgency="flexible",
        created_at=datetime(2029, 10, 1, tzinfo=UTC),  # 98 days: capped at 30
    )
    match = evaluate(three, OPENING, TODAY)
    assert match is not None
    assert match.score == Score(urgency=10, priority=-2, days_waiting=30, fit=5)
    assert match.quality is Quality.FAIR
    assert match.misses == ("provider", "appointmentType", "day")
    late = entry(4, preferred_start_time=time(9, 30))
    match = evaluate(late, OPENING, TODAY)
    assert match is not None
    assert match.misses == ("time",)


def test_no_provider_preference_is_any():
    match = evaluate(entry(5), OPENING, TODAY)
    assert match is not None
    assert (match.provider_match, match.score.fit, match.quality) == (
        ProviderMatch.ANY, 10, Quality.EXCELLENT
    )  # fmt: skip
    no_provider = replace(OPENING, provider_id=None)
    match = evaluate(entry(6, provider_id=DR_KIM), no_provider, TODAY)
    assert match is not None
    assert match.provider_match is ProviderMatch.ANY


def test_exclusions():
    excluded = [
        entry(10, status="scheduled"),
        entry(11, status="removed"),
        entry(12, date_to=date(2030, 1, 6)),  # expired, and outside its range
        entry(13, date_from=date(2030, 1, 8)),
        entry(14, estimated_duration_minutes=61),
        entry(15, home_location_id=OTHER_PLACE, location_scope="any"),  # no cross-location
    ]
    assert rank(excluded, OPENING, today=TODAY) == []
    assert evaluate(entry(16, status="offered", date_to=TODAY), OPENING, TODAY) is not None


def test_location_scopes_across_locations():
    cross = replace(OPENING, cross_location=True)
    home_only = entry(20, home_location_id=OTHER_PLACE, location_scope="home_only")
    selected = entry(
        21, home_location_id=OTHER_PLACE, location_scope="selected", additional_location_ids=(HOME,)
    )
    selected_elsewhere = entry(22, home_location_id=OTHER_PLACE, location_scope="selected")
    anywhere = entry(23, home_location_id=OTHER_PLACE, location_scope="any")
    ranked = rank([home_only, selected, selected_elsewhere, anywhere], cross, today=TODAY)
    assert [(m.candidate.id.int, m.location_match, m.score.fit, m.quality) for m in ranked] == [
        (121, LocationMatch.ADDITIONAL, 5 + 2, Quality.GOOD),  # provider ANY + ADDITIONAL
        (123, LocationMatch.ANY, 5 + 0, Quality.GOOD),
    ]


def test_ties_break_by_age_then_id_and_limit_applies():
    older = entry(30, created_at=datetime(2030, 1, 7, 9, 0, tzinfo=UTC))
    newer = entry(31, created_at=datetime(2030, 1, 7, 10, 0, tzinfo=UTC))
    twin_b = entry(33, created_at=datetime(2030, 1, 7, 10, 0, tzinfo=UTC))
    twin_a = entry(32, created_at=datetime(2030, 1, 7, 10, 0, tzinfo=UTC))
    urgent = entry(34, urgency="soon")
    ranked = rank([twin_b, newer, urgent, twin_a, older], OPENING, today=TODAY)
    assert [m.candidate.id.int for m in ranked] == [134, 130, 131, 132, 133]
    assert [m.score.total for m in ranked] == [40, 30, 30, 30, 30]
    assert [m.candidate.id.int for m in rank([newer, older], OPENING, today=TODAY, limit=1)] == [
        130
    ]


def test_an_opening_no_sooner_than_the_booked_visit_is_no_match():
    # given entries whose booked visits start after, exactly at, and before the opening
    later = entry(1, linked_visit_start_at=datetime(2030, 1, 14, 15, 0, tzinfo=UTC))
    same = entry(2, linked_visit_start_at=OPENING.start_at)
    earlier = entry(3, linked_visit_start_at=datetime(2030, 1, 7, 14, 0, tzinfo=UTC))
    unlinked = entry(4)
    # then only the one who would see the dentist sooner, and the unlinked one, match
    assert [m.candidate.id for m in rank([later, same, earlier, unlinked], OPENING, today=TODAY)] == [
        later.id, unlinked.id,
    ]  # fmt: skip


SAVED_MONDAY_MORNINGS = SlotPreferences(
    days_of_week=frozenset({1}),
    windows=((8 * 60, 12 * 60),),  # 08:00-12:00 local
    provider_ids=frozenset({DR_LEE}),
    location_ids=frozenset(),
)


def test_saved_preferences_fill_in_what_the_entry_leaves_open():
    # The opening is Monday 09:00-10:00 with Dr Lee: the saved days, window and provider all
    # meet it, scored as the entry's own would be (provider EXACT 10, day 5, time 5).
    plain = evaluate(entry(1), OPENING, TODAY)
    saved = evaluate(entry(2, saved=SAVED_MONDAY_MORNINGS), OPENING, TODAY)
    assert plain is not None
    assert saved is not None
    assert plain.provider_match is ProviderMatch.ANY
    assert saved.provider_match is ProviderMatch.EXACT
    assert saved.score.fit - plain.score.fit == (10 - 5) + 5 + 5
    assert saved.quality is Quality.EXCELLENT


def test_saved_preferences_an_opening_misses_count_as_misses():
    # Saved: Tuesdays, afternoons, Dr Kim; the Monday morning opening with Dr Lee misses all three.
    elsewhere = SlotPreferences(
        days_of_week=frozenset({2}),
        windows=((13 * 60, 17 * 60),),
        provider_ids=frozenset({DR_KIM}),
        location_ids=frozenset({OTHER_PLACE}),  # not used: the entry's scope says where
    )
    match = evaluate(entry(1, saved=elsewhere), OPENING, TODAY)
    assert match is not None
    assert match.provider_match is ProviderMatch.OTHER
    assert match.misses == ("provider", "day", "time")
    assert match.quality is Quality.FAIR


def test_the_entrys_own_preferences_win_over_saved_ones():
    # The entry wants Dr Kim, Tuesdays and 13:00-17:00 itself: the saved Monday mornings with
    # Dr Lee (which the opening meets) change nothing.
    own = entry(
        1,
        provider_id=DR_KIM,
        preferred_days=(2,),
        preferred_start_time=time(13, 0),
        preferred_end_time=time(17, 0),
    )
    without = evaluate(own, OPENING, TODAY)
    with_saved = evaluate(replace(own, saved=SAVED_MONDAY_MORNINGS), OPENING, TODAY)
    assert without is not None
    assert with_saved == replace(without, candidate=replace(own, saved=SAVED_MONDAY_MORNINGS))
    assert with_saved.misses == ("provider", "day", "time")
