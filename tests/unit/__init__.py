"""Pure rules and functions: no database, no app."""
