"""people: admin."""
