"""finance: views."""
