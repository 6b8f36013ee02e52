"""support: services."""
