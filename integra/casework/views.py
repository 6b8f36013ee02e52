"""casework: views."""
