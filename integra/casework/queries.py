"""casework: queries."""
