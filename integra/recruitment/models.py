"""recruitment: models."""
