"""demo: services."""
