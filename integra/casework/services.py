"""casework: services."""
