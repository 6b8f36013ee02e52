"""api: queries."""
