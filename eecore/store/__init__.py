"""Storage: sqlmodel tables, the async database, repositories and the unit of work."""
