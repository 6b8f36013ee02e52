"""people: services."""
