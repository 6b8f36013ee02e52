"""api: forms."""
