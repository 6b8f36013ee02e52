"""reports: views."""
