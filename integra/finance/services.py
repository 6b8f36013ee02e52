"""finance: services."""
