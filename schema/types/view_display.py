"""How a schedule view draws the calendar, as the graph shows and takes it, and the preset
displays (templates) a client copies into a view (scheduling/view_display.py)."""

from __future__ import annotations

import enum
from datetime import time

import strawberry

from scheduling import view_display as rules
from scheduling.view_display import ViewDisplay
from schema.types.patient_preferences import clock


@strawberry.enum(description="How many days a schedule view shows side by side.")
class ScheduleLayout(enum.Enum):
    DAY = "DAY"
    WEEK = "WEEK"
    WORK_WEEK = "WORK_WEEK"


@strawberry.enum(description="What colours the appointments of a schedule view.")
class ScheduleColorMode(enum.Enum):
    APPOINTMENT_TYPE = "APPOINTMENT_TYPE"
    PROVIDER = "PROVIDER"
    OPERATORY = "OPERATORY"
    STATUS = "STATUS"


STEPS = ", ".join(str(step) for step in rules.STEPS)


@strawberry.type(description="How a schedule view draws the calendar.")
class ScheduleViewDisplay:
    shown_from: time = strawberry.field(description="The earliest local time shown.")
    shown_until: time | None = strawberry.field(
        description="The latest local time shown; null: midnight, the end of the day."
    )
    time_step_minutes: int = strawberry.field(description="Minutes per calendar row.")
    layout: ScheduleLayout = strawberry.field(description="One day, a week or a work week.")
    color_mode: ScheduleColorMode = strawberry.field(description="What colours appointments.")
    compact: bool = strawberry.field(description="Whether appointment blocks are condensed.")
    privacy: bool = strawberry.field(description="Whether patients' names are hidden.")

    @classmethod
    def from_display(cls, display: ViewDisplay) -> ScheduleViewDisplay:
        """Build from the rule object."""
        until = display.shown_until
        return cls(
            shown_from=clock(display.shown_from),
            shown_until=clock(until) if until < rules.MINUTES_PER_DAY else None,
            time_step_minutes=display.step_minutes,
            layout=ScheduleLayout(display.layout),
            color_mode=ScheduleColorMode(display.color_mode),
            compact=display.compact,
            privacy=display.privacy,
        )


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


@strawberry.input(
    description="How a schedule view draws the calendar; omitted settings take their defaults."
)
class ScheduleViewDisplayInput:
    shown_from: time = strawberry.field(
        default=time(7), description="The earliest local time shown, on the time step."
    )
    shown_until: time | None = strawberry.field(
        default=time(19),
        description="The latest local time shown, after shownFrom, on the step; null: midnight.",
    )
    time_step_minutes: int = strawberry.field(
        default=10, description=f"Minutes per calendar row: one of {STEPS}."
    )
    layout: ScheduleLayout = strawberry.field(default=ScheduleLayout.DAY, description="Layout.")
    color_mode: ScheduleColorMode = strawberry.field(
        default=ScheduleColorMode.APPOINTMENT_TYPE, description="What colours appointments."
    )
    compact: bool = strawberry.field(default=False, description="Condensed blocks.")
    privacy: bool = strawberry.field(default=False, description="Hide patients' names.")

    def to_display(self) -> ViewDisplay:
        """The rule object (checked when saved)."""
        until = self.shown_until
        return ViewDisplay(
            shown_from=_minutes(self.shown_from),
            shown_until=_minutes(until) if until is not None else rules.MINUTES_PER_DAY,
            step_minutes=self.time_step_minutes,
            layout=self.layout.value,
            color_mode=self.color_mode.value,
            compact=self.compact,
            privacy=self.privacy,
        )


@strawberry.type(
    description=(
        "A preset display to start a schedule view from: pass its display's fields as "
        "createScheduleView's or updateScheduleView's `display`."
    )
)
class ScheduleViewTemplate:
    key: str = strawberry.field(description="A stable key, e.g. FRONT_DESK.")
    name: str = strawberry.field(description="A short name.")
    description: str = strawberry.field(description="What it is for.")
    display: ScheduleViewDisplay = strawberry.field(description="The display it presets.")

    @classmethod
    def from_template(cls, template: rules.ViewTemplate) -> ScheduleViewTemplate:
        """Build from the preset."""
        return cls(
            key=template.key,
            name=template.name,
            description=template.description,
            display=ScheduleViewDisplay.from_display(template.display),
        )
