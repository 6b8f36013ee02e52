"""privacy: admin."""
