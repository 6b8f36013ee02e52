"""recruitment: queries."""
