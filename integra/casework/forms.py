"""casework: forms."""
