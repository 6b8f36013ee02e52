"""api: admin."""
