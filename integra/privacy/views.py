"""privacy: views."""
