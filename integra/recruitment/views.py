"""recruitment: views."""
