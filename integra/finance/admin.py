"""finance: admin."""
