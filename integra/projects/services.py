"""projects: services."""
