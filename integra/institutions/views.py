"""institutions: views."""
