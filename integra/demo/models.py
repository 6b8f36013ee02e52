"""demo: models."""
