"""Recalls: reads, the recall type and trigger catalog, patients' recalls (staff/integration)."""
