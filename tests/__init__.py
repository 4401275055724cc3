"""The test suite: unit/ (no database, no app), db/ (straight against PostgreSQL), api/ (the
schema, HTTP, WebSocket, processes, the CLI) and support/ (what they share; no tests)."""
