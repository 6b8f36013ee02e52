"""core: services."""
