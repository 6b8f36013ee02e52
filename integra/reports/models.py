"""reports: models."""
