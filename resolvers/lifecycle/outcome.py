"""What an appointment mutation returns: the appointments it changed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from db.loaders import Loaders


@dataclass(frozen=True, slots=True)
class AppointmentOutcome:
    """The ids of the appointments a lifecycle mutation changed, in the payload's order."""

    appointment_ids: tuple[uuid.UUID, ...]

    def forget(self, loaders: Loaders) -> None:
        for ident in self.appointment_ids:
            loaders.forget_appointment(ident)
