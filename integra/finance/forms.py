"""finance: forms."""
