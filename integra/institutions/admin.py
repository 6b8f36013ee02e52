"""institutions: admin."""
