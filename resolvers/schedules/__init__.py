"""Provider schedules, schedule notes and appointment type overlap rules: reads and changes."""
