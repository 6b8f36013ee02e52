"""projects: views."""
