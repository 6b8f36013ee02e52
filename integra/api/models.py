"""api: models."""
