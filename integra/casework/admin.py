"""casework: admin."""
