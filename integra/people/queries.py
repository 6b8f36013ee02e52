"""people: queries."""
