"""support: views."""
