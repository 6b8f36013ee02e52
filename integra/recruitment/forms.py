"""recruitment: forms."""
