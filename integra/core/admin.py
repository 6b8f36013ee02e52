"""core: admin."""
