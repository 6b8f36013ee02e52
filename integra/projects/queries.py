"""projects: queries."""
