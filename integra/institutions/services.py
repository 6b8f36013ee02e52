"""institutions: services."""
