"""planning: models."""
