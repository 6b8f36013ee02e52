"""finance: models."""
