"""privacy: services."""
