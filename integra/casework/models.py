"""casework: models."""
