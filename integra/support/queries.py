"""support: queries."""
