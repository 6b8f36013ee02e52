"""outcomes: services."""
