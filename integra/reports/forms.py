"""reports: forms."""
