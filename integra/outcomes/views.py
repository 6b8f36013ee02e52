"""outcomes: views."""
