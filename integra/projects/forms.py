"""projects: forms."""
