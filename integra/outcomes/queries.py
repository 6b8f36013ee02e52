"""outcomes: queries."""
