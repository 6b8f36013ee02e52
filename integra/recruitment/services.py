"""recruitment: services."""
