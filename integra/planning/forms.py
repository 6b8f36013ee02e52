"""planning: forms."""
