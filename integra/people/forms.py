"""people: forms."""
