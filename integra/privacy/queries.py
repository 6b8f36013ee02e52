"""privacy: queries."""
