"""demo: admin."""
