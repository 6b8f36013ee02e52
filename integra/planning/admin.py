"""planning: admin."""
