"""Production goals: a provider's daily production target at a location."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, Numeric, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from db.models.appointments import tenant_fk
from db.models.base import Base, TenantOwned, created_at, tenant_key, uuid_pk

# The one goal per provider, location and day; createProductionGoal reports DUPLICATE on it.
GOAL_UNIQUE = "uq_production_goals_provider_location_date"


class ProductionGoal(TenantOwned, Base):
    """How much a provider is meant to produce at a location on one local date."""

    __tablename__ = "production_goals"
    __table_args__ = (
        tenant_key("production_goals"),
        tenant_fk("provider_id", "providers"),
        tenant_fk("location_id", "locations"),
        UniqueConstraint(
            "organization_id", "provider_id", "location_id", "goal_date", name=GOAL_UNIQUE
        ),
        CheckConstraint("goal_amount >= 0", name="goal_non_negative"),
        # Month views and summaries read one location's goals over a date range.
        Index("ix_production_goals_location_date", "location_id", "goal_date"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    provider_id: Mapped[uuid.UUID] = mapped_column()
    location_id: Mapped[uuid.UUID] = mapped_column()
    goal_date: Mapped[date] = mapped_column()
    goal_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())
