"""privacy: models."""
