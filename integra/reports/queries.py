"""reports: queries."""
