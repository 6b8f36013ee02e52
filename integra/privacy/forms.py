"""privacy: forms."""
