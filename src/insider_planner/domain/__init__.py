"""Pure domain layer: catalog, plan, gap and migrations. No Qt, no file access."""
