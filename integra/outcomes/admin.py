"""outcomes: admin."""
