"""planning: queries."""
