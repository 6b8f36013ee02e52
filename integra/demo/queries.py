"""demo: queries."""
