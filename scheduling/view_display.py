"""How a schedule view draws the calendar (pure rules): the hours shown, the time step, the
layout, what colours the appointments, compact and privacy modes; the rule a display must meet,
and the preset displays (templates) a client starts a view from.

The presets live here, in code, not in a table: they are the product's, the same for every
organization, each naming values of the layout and colour enums the code defines; a change to
them ships with the code that draws them and needs no migration. A practice that wants its own
keeps it as a view.
"""

from __future__ import annotations

from dataclasses import dataclass

# The time steps a view may use, in minutes (the same list the schedule_views check holds).
STEPS = (5, 10, 15, 20, 30, 60)
LAYOUTS = ("DAY", "WEEK", "WORK_WEEK")
COLOR_MODES = ("APPOINTMENT_TYPE", "PROVIDER", "OPERATORY", "STATUS")
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class ViewDisplay:
    """A view's display settings; times as minutes after local midnight."""

    shown_from: int = 7 * 60
    shown_until: int = 19 * 60
    step_minutes: int = 10
    layout: str = "DAY"
    color_mode: str = "APPOINTMENT_TYPE"
    compact: bool = False
    privacy: bool = False


@dataclass(frozen=True, slots=True)
class DisplayFault:
    """Why a display is refused: the setting at fault (its input name) and why."""

    setting: str
    message: str


def display_fault(display: ViewDisplay) -> DisplayFault | None:
    """The first rule the display breaks, or None: the step is a known one, the hours lie in
    the day, end after they start and fall on the step (the calendar's rows start there)."""
    step = display.step_minutes
    if step not in STEPS:
        known = ", ".join(str(known) for known in STEPS)
        return DisplayFault("timeStepMinutes", f"timeStepMinutes must be one of {known}")
    if not 0 <= display.shown_from < display.shown_until <= MINUTES_PER_DAY:
        return DisplayFault("shownUntil", "shownUntil must be after shownFrom")
    for setting, minutes in (
        ("shownFrom", display.shown_from),
        ("shownUntil", display.shown_until),
    ):
        if minutes % step:
            return DisplayFault(setting, f"{setting} must fall on the {step}-minute time step")
    return None


@dataclass(frozen=True, slots=True)
class ViewTemplate:
    """A preset display a client copies into a new or changed view."""

    key: str
    name: str
    description: str
    display: ViewDisplay


TEMPLATES = (
    ViewTemplate(
        "FRONT_DESK",
        "Front desk",
        "The whole day by operatory, coloured by status, to check patients in and out.",
        ViewDisplay(7 * 60, 19 * 60, 10, "DAY", "STATUS"),
    ),
    ViewTemplate(
        "PROVIDER_DAY",
        "Provider day",
        "One day, coloured by provider, for a chair-side look at who is where.",
        ViewDisplay(7 * 60, 18 * 60, 10, "DAY", "PROVIDER"),
    ),
    ViewTemplate(
        "HYGIENE",
        "Hygiene",
        "One day in 15-minute steps, coloured by appointment type, for the hygiene columns.",
        ViewDisplay(7 * 60, 18 * 60, 15, "DAY", "APPOINTMENT_TYPE"),
    ),
    ViewTemplate(
        "WEEK_OVERVIEW",
        "Week overview",
        "Seven days, compact, coloured by provider, to plan the week.",
        ViewDisplay(8 * 60, 18 * 60, 30, "WEEK", "PROVIDER", compact=True),
    ),
    ViewTemplate(
        "WORK_WEEK",
        "Work week",
        "Monday to Friday, compact, coloured by appointment type.",
        ViewDisplay(8 * 60, 17 * 60, 15, "WORK_WEEK", "APPOINTMENT_TYPE", compact=True),
    ),
    ViewTemplate(
        "LOBBY_SCREEN",
        "Lobby screen",
        "The day by operatory with patients' names hidden, for a screen others can see.",
        ViewDisplay(7 * 60, 19 * 60, 15, "DAY", "OPERATORY", compact=True, privacy=True),
    ),
)
