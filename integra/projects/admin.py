"""projects: admin."""
