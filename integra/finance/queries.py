"""finance: queries."""
