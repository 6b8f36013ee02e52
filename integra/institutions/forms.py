"""institutions: forms."""
