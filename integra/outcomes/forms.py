"""outcomes: forms."""
