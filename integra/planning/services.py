"""planning: services."""
