"""reports: admin."""
