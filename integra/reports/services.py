"""reports: services."""
