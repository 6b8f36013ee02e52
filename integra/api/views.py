"""api: views."""
