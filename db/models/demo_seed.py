"""The demo practice's bookkeeping: which anchor week the demo rows were laid out around."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, SmallInteger, func
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class DemoSeed(Base):
    """The anchor (a Monday) the demo organizations' rows were seeded around: one row, or none.

    Not tenant data: requests (the slotgraph_request role) may not read it (migration 0013).
    """

    __tablename__ = "demo_seed"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    anchor: Mapped[date] = mapped_column()
    seeded_at: Mapped[datetime] = mapped_column(server_default=func.now())
