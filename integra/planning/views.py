"""planning: views."""
