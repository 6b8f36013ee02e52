"""recruitment: admin."""
