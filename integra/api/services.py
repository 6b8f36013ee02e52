"""api: services."""
