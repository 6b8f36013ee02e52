"""outcomes: models."""
